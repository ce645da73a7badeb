import type Database from 'better-sqlite3'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { User } from '../../../common/domain/user.js'
import type { ConnectionState } from '../../../common/ipc/channels.js'
import type { Announcer } from '../notifications/announcer.js'
import type { Push } from '../notifications/core-listeners.js'
import { createOutbox, type Outbox } from '../outbox.js'
import { createReplicaRebuild, type ReplicaRebuild } from '../replica/replica-rebuild.js'
import { createReplicaSnapshot, type ReplicaSnapshot } from '../replica/replica-snapshot.js'
import { createReplicaStore, type ReplicaStore } from '../replica/replica-store.js'
import type { ParallelIndexBuildOptions } from '../search/parallel-index-build.js'
import { createSearchIndex, type SearchIndex } from '../search/search-index.js'
import type { Backoff, Clock } from '../sync/clock.js'
import {
  createSyncConnection,
  NotConnectedError,
  type LiveStatePush,
  type SyncConnection,
} from '../sync/sync-connection.js'

/** The local side of a session: the replica database and what works on it. */
export interface SessionReplica {
  readonly database: Database.Database
  readonly store: ReplicaStore
  readonly search: SearchIndex
  readonly outbox: Outbox
  readonly rebuild: ReplicaRebuild
  /** Taking the relay's snapshot; closed with the session (it may be building a search index). */
  readonly snapshot: ReplicaSnapshot
  readonly path: string
}

/** The signed-in agent; without a replica (it could not be opened) there is no connection either. */
export interface OpenSession {
  readonly relayUrl: string
  readonly user: User
  readonly token: string
  readonly replica: SessionReplica | null
  readonly connection: SyncConnection | null
}

/** What a session's replica, outbox and connection tell the core. */
export interface SessionWiring {
  readonly clock: Clock
  readonly backoff: Backoff
  /** How long a relay command may stay unanswered. */
  readonly ackTimeoutMs: number
  readonly announcer: Announcer
  readonly push: Push
  readonly report: (message: string) => void
  readonly setConnection: (state: ConnectionState) => void
  /** Stores a conversation the relay answered with in the replica and tells the renderer. */
  readonly keepConversation: (conversation: Conversation) => void
  /** The connection went live, the queued replies are going out: the team's live state is said again. */
  readonly onLive: () => void
  readonly onLiveState: (name: LiveStatePush, payload: unknown) => void
  /** The relay named its reply window or its accounts (kept in the replica). */
  readonly onRelayFacts: () => void
  /** The relay no longer accepts the token. */
  readonly onRevoked: () => void
  /** How a cold snapshot's search index is built on another thread. */
  readonly indexBuild: ParallelIndexBuildOptions
}

/**
 * A session on an opened replica: the store, search, rebuild and outbox on its database, and the sync
 * connection wired to the core. The connection is not started yet: the core starts it once the
 * session is its own.
 */
export function wireSession(
  relayUrl: string,
  user: User,
  token: string,
  replica: { readonly database: Database.Database; readonly path: string },
  wiring: SessionWiring,
): OpenSession & { readonly replica: SessionReplica; readonly connection: SyncConnection } {
  const { database, path } = replica
  const { clock, ackTimeoutMs, announcer, push, report } = wiring
  const store = createReplicaStore(database)
  store.setMeta('username', user.username)
  store.setMeta('relayUrl', relayUrl)
  const search = createSearchIndex(database)
  const rebuild = createReplicaRebuild(database)
  const snapshot = createReplicaSnapshot(database, store, rebuild, wiring.indexBuild)
  let connection: SyncConnection | null = null
  const outbox = createOutbox({
    database,
    store,
    clock,
    send: (command, request) => {
      if (connection === null) return Promise.reject(new NotConnectedError())
      return connection.commandStored(command, request, ackTimeoutMs)
    },
    onMessagesChanged: (messages) => {
      push('messages:changed', messages)
      push('inbox:changed', store.inboxItems(new Set(messages.map((message) => message.conversationId))))
    },
    username: user.username,
    onConversation: (conversation) => wiring.keepConversation(conversation),
    onCommandsChanged: (commands) => push('commands:changed', commands),
  })
  connection = createSyncConnection({
    relayUrl,
    token,
    username: user.username,
    store,
    snapshot,
    clock,
    backoff: wiring.backoff,
    onStateChanged: wiring.setConnection,
    onApplied: announcer.announce,
    onMalformed: (problem) => report(`The relay sent an event that was refused: ${problem}`),
    onReset: (head, logId) => {
      rebuild.reset(logId)
      report(
        `The relay's log is not the one this computer followed (restored from a backup, or behind it; it ends at ${head}): its shared state is read again from the start.`,
      )
      announcer.updateBadge()
    },
    // The snapshot put read state back itself: the renderer hears the new state whole, once.
    onSnapshotApplied: () => announcer.announceEverything(store),
    onLive: () => {
      if (rebuild.isPending()) finishRebuild(store, rebuild, user.username, announcer)
      outbox.flush().catch((error: unknown) => report(`Sending queued replies failed: ${String(error)}`))
      wiring.onLive()
    },
    onLiveState: wiring.onLiveState,
    onReplyWindow: wiring.onRelayFacts,
    onRelayFacts: wiring.onRelayFacts,
    onRevoked: wiring.onRevoked,
  })
  return {
    relayUrl,
    user,
    token,
    replica: { database, store, search, outbox, rebuild, snapshot, path },
    connection,
  }
}

/** The replay after a reset reached the head: read state goes back, and the renderer hears everything anew. */
function finishRebuild(store: ReplicaStore, rebuild: ReplicaRebuild, me: string, announcer: Announcer): void {
  rebuild.finish(me)
  announcer.announceEverything(store)
}
