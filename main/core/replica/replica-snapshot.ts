import type Database from 'better-sqlite3'
import {
  startParallelIndexBuild,
  type ParallelIndexBuild,
  type ParallelIndexBuildOptions,
} from '../search/parallel-index-build.js'
import type { ReplicaRebuild } from './replica-rebuild.js'
import type { ReplicaStore, ValidatedSnapshotPage } from './replica-store.js'

/**
 * The per-conversation message index, as migration 001 creates it. A snapshot into an empty replica
 * builds it once at the end: kept up to date page by page, each page would rewrite a leaf of it for
 * nearly every message (a page's messages are spread over all conversations), about a fifth of the
 * whole snapshot's cost. Sorting it once from the finished table is far cheaper.
 */
export const MESSAGES_BY_CONVERSATION_INDEX =
  'CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, created_at, rowid)'

/**
 * Taking the relay's snapshot into the replica, in place of replaying its log. The shared state is
 * overwritten page by page (never dropped first, so the replica stays usable throughout); the cursor
 * moves to the snapshot's `seq` only at its end, so a snapshot cut short is simply taken again from
 * the start. This agent's own state stays: outbox and its pending messages, drafts, and read state,
 * saved at the start and put back at the end (for conversations it had not seen, unread is what
 * awaits a reply at the relay: a fresh desktop does not show the whole history as unread).
 */
export function createReplicaSnapshot(
  database: Database.Database,
  store: ReplicaStore,
  rebuild: ReplicaRebuild,
  indexBuild: ParallelIndexBuildOptions = {},
) {
  // A snapshot cut short left them out; until the next one ends, the replica must still read and
  // search well.
  database.exec(MESSAGES_BY_CONVERSATION_INDEX)
  if (store.isSearchIndexDeferred()) store.buildSearchIndex()
  const hasRelayMessages = database
    .prepare<[], number>("SELECT EXISTS (SELECT 1 FROM messages WHERE id NOT LIKE 'local:%')")
    .pluck()

  const begin = database.transaction((): void => {
    rebuild.save()
    // Only into an empty replica (or one a cut-short snapshot began filling, which already dropped it):
    // a replica in use keeps its index, and a snapshot into it writes few new messages anyway.
    if (hasRelayMessages.get() !== 0) return
    database.exec('DROP INDEX IF EXISTS messages_by_conversation')
    store.deferSearchIndex()
  })

  const end = database.transaction((seq: number, me: string): void => {
    // A follower erased while this desktop was behind is in no page, and the cursor jumps past their
    // `conversation.erased`: what the snapshot did not list is not the user's any more.
    store.keepOnlyConversations(listed)
    // Likewise the `messages.expired` of a retention pass: the relay no longer has what came before it.
    if (expiredBefore !== null) store.expireMessagesNotIn(expiredBefore, carriedDespiteExpiry)
    // First: putting read state back reads messages by conversation.
    database.exec(MESSAGES_BY_CONVERSATION_INDEX)
    store.buildSearchIndex()
    rebuild.finish(me)
    store.setMeta('cursor', String(seq))
  })

  // The search index being built beside this snapshot, if the replica's waits for its end.
  let parallelBuild: ParallelIndexBuild | null = null
  // Every conversation the snapshot's pages listed: at its end, the replica keeps only those.
  let listed = new Set<string>()
  // The latest retention cutoff of the relay's log, and the messages from before it the relay still has.
  let expiredBefore: number | null = null
  let carriedDespiteExpiry = new Set<string>()

  function stopParallelBuild(): void {
    parallelBuild?.abort()
    parallelBuild = null
  }

  return {
    /**
     * A snapshot begins: read state is saved (once, if a cut-short one did not already), and into an
     * empty replica the per-conversation and search indexes wait for the end, the search index being
     * built meanwhile on another thread. `retentionCutoff` is the relay's latest (`snapshot:begun`).
     */
    begin(retentionCutoff: number | null = null): void {
      stopParallelBuild()
      listed = new Set()
      expiredBefore = retentionCutoff
      carriedDespiteExpiry = new Set()
      begin()
      if (store.isSearchIndexDeferred()) parallelBuild = startParallelIndexBuild(database.name, indexBuild)
    },
    /** Stores one page in one transaction; answers how many entities it held. */
    applyPage(page: ValidatedSnapshotPage): number {
      for (const conversation of page.conversations) listed.add(conversation.id)
      if (expiredBefore !== null)
        for (const { message } of page.messages)
          if (message.createdAt < expiredBefore) carriedDespiteExpiry.add(message.id)
      const count = store.applySnapshotPage(page)
      parallelBuild?.committed()
      return count
    },
    /**
     * Every page is in: what the relay no longer has goes, read state goes back and the cursor becomes
     * `seq`, in one transaction.
     */
    end(seq: number, me: string): void {
      const indexedUpTo = parallelBuild?.finishSync() ?? null
      parallelBuild = null
      if (indexedUpTo !== null) store.searchIndexBuiltElsewhereUpTo(indexedUpTo)
      end(seq, me)
    },
    /** The session ends: a search index being built beside an unfinished snapshot is dropped. */
    close(): void {
      stopParallelBuild()
    },
  }
}

/** Taking the relay's snapshot into the replica. */
export type ReplicaSnapshot = ReturnType<typeof createReplicaSnapshot>
