import type Database from 'better-sqlite3'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import { createConversationWriter } from './conversation-writer.js'
import { createEventApply, type ApplyResult } from './event-apply.js'
import { createHistoryRemoval } from './history-removal.js'
import { createMessageWriter } from './message-writer.js'
import { createReplicaReads } from './replica-reads.js'
import { prepareReplicaStatements } from './replica-statements.js'
import { createSearchIndexWriter } from './search-index-writer.js'
import { createSnapshotPageApply, type ValidatedSnapshotPage } from './snapshot-page-apply.js'

export type { ApplyResult } from './event-apply.js'
export type { ValidatedSnapshotPage } from './snapshot-page-apply.js'

/** The id a message made on this desktop carries until the relay's own copy arrives. */
export function localMessageIdOf(clientMessageId: string): string {
  return `local:${clientMessageId}`
}

/**
 * The replica's repository: statements prepared once, rows mapped to domain types here. Events are
 * applied in one transaction together with the cursor, so a crash leaves either both or neither.
 */
export function createReplicaStore(database: Database.Database) {
  const statements = prepareReplicaStatements(database)
  const searchIndex = createSearchIndexWriter(database, statements)
  const putMessage = createMessageWriter(statements, searchIndex)
  const putConversations = createConversationWriter(statements)

  function cursor(): number {
    return Number(statements.getMeta.get('cursor') ?? 0)
  }

  const removal = createHistoryRemoval(database, searchIndex)
  const droppedConversationIds: string[] = []
  // The latest retention cutoff a snapshot applied, until the announcer takes it.
  let snapshotExpiry: number | null = null
  const applyInTransaction = createEventApply(database, statements, {
    cursor,
    putMessage,
    putConversations,
    removal,
  })
  const applySnapshotPageInTransaction = createSnapshotPageApply(
    database,
    statements,
    searchIndex,
    putMessage,
  )

  return {
    /** The last `seq` applied. */
    cursor,
    /** The relay log the cursor counts seqs of (`sync:started` named it); null until one was named. */
    logId(): string | null {
      return statements.getMeta.get('logId') ?? null
    },
    /**
     * Takes `logId` as the cursor's log, only while the cursor counts nothing and names no log: a replica
     * that names another log is reset by the relay instead, which names the new one with cursor 0.
     */
    adoptLogId(logId: string): void {
      database.transaction(() => {
        if (cursor() === 0 && statements.getMeta.get('logId') === undefined)
          statements.setMeta.run('logId', logId)
      })()
    },
    /** Applies events in order, skipping those at or below the cursor, in one transaction with it. */
    applyEvents(events: readonly RelayEvent[], me: string | null): ApplyResult {
      return applyInTransaction(events, me)
    },
    /**
     * Stores one snapshot page in one transaction and answers how many entities it held. The cursor is
     * not moved: only the snapshot's end does (see replica-snapshot).
     */
    applySnapshotPage(page: ValidatedSnapshotPage): number {
      return applySnapshotPageInTransaction(page)
    },
    /**
     * Messages stored from now on stay out of the search index until `buildSearchIndex` (kept in the
     * replica; see search-index-writer).
     */
    deferSearchIndex(): void {
      searchIndex.defer()
    },
    /** The messages below `rowid` were indexed by another connection (see parallel-index-build.ts). */
    searchIndexBuiltElsewhereUpTo(rowid: number): void {
      searchIndex.indexedElsewhereUpTo(rowid)
    },
    /** Drops the conversations (with their messages) a snapshot did not list; call inside its end's transaction. */
    keepOnlyConversations(listed: ReadonlySet<string>): void {
      droppedConversationIds.push(...removal.keepOnlyConversations(listed))
    },
    /**
     * Drops the relay's messages created before `before` (the retention cutoff a snapshot named) that the
     * snapshot did not carry; inside its end's transaction.
     */
    expireMessagesNotIn(before: number, carried: ReadonlySet<string>): void {
      removal.expireMessagesExcept(before, carried)
      snapshotExpiry = Math.max(snapshotExpiry ?? before, before)
    },
    /** The retention cutoff snapshots applied since the last call (null: none), for the renderer too. */
    takeSnapshotExpiry(): number | null {
      const before = snapshotExpiry
      snapshotExpiry = null
      return before
    },
    /** The conversations snapshots dropped since the last call, for the renderer to drop too. */
    takeDroppedConversationIds(): string[] {
      return droppedConversationIds.splice(0)
    },
    /** Indexes every message `deferSearchIndex` left out, in one transaction; answers how many. */
    buildSearchIndex(): number {
      return searchIndex.build()
    },
    /** Some messages are not in the search index yet. */
    isSearchIndexDeferred(): boolean {
      return searchIndex.isDeferred()
    },
    ...createReplicaReads(statements),
    /** Stores a message outside the event log (a local pending one, or a command's answer). */
    putMessage(message: Message): void {
      database.transaction(() => putMessage(message))()
    },
    /** Stores a conversation a command answered with (never older than the stored one). */
    putConversation(conversation: Conversation): void {
      const change = { conversation, isCleared: false, unreadIncrement: 0 }
      database.transaction(() => putConversations(new Map([[conversation.id, change]])))()
    },
    /** This agent has read the conversation. */
    markRead(conversationId: string): void {
      statements.clearUnread.run(conversationId)
    },
    /** This agent wants the conversation to look unread. */
    markUnread(conversationId: string): void {
      statements.markUnread.run(conversationId)
    },
    /** The draft of a conversation ('' when none). */
    draft(conversationId: string): string {
      return statements.draft.get(conversationId) ?? ''
    },
    /** Keeps (or, when empty, drops) a draft. */
    setDraft(conversationId: string, text: string, now: number): void {
      if (text.trim() === '') statements.deleteDraft.run(conversationId)
      else statements.setDraft.run(conversationId, text, now)
    },
    /** A value kept beside the data (e.g. who this replica belongs to). */
    meta(key: string): string | null {
      return statements.getMeta.get(key) ?? null
    },
    setMeta(key: string, value: string): void {
      statements.setMeta.run(key, value)
    },
  }
}

/** The replica's repository. */
export type ReplicaStore = ReturnType<typeof createReplicaStore>
