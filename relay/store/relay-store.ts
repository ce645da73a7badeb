import type { Database } from 'better-sqlite3'
import { join } from 'node:path'
import type { RelayEvent } from '../../common/relay/events.js'
import { createAssignmentRepository, type AssignmentRepository } from './assignment-repository.js'
import { createAuditLogRepository, type AuditLogRepository } from './audit-log-repository.js'
import { createBoardRepository, type BoardRepository } from './board-repository.js'
import {
  createCannedResponseRepository,
  type CannedResponseRepository,
} from './canned-response-repository.js'
import { createConversationRepository, type ConversationRepository } from './conversation-repository.js'
import {
  createDurablePublisher,
  type DurablePublisher,
  type DurablePublisherOptions,
} from './durable-publisher.js'
import { createEventLog, type EventLog } from './event-log.js'
import { createFollowerDataRepository, type FollowerDataRepository } from './follower-data-repository.js'
import { createInboundPushRepository, type InboundPushRepository } from './inbound-push-repository.js'
import { createMessageRepository, type MessageRepository } from './message-repository.js'
import { openDatabase } from './open-database.js'
import { createSessionRepository, type SessionRepository } from './session-repository.js'
import { createStoreHealth, type StoreHealthObservers, type StoreHealthState } from './store-health.js'
import { openStoreSnapshot, type StoreSnapshot } from './store-snapshot.js'
import { createTagRepository, type TagRepository } from './tag-repository.js'
import { createTeamRepository, type TeamRepository } from './team-repository.js'
import { createUserDirectoryRepository, type UserDirectoryRepository } from './user-directory-repository.js'
import { createUserRepository, type UserRepository } from './user-repository.js'
import { createWalSync, syncStoreFiles, type WalSync } from './wal-sync.js'

/**
 * The relay's system of record behind one narrow surface, so a PostgreSQL store can replace SQLite
 * without touching the webhook, hub or routes.
 */
export interface RelayStore {
  readonly conversations: ConversationRepository
  readonly messages: MessageRepository
  readonly events: EventLog
  readonly inboundPushes: InboundPushRepository
  readonly users: UserRepository
  readonly sessions: SessionRepository
  readonly tags: TagRepository
  readonly cannedResponses: CannedResponseRepository
  readonly teams: TeamRepository
  readonly userDirectory: UserDirectoryRepository
  readonly assignments: AssignmentRepository
  readonly board: BoardRepository
  readonly audit: AuditLogRepository
  /** The deletions of retention and erasure. */
  readonly followerData: FollowerDataRepository
  /** Whether the store can write now; a write the disk refuses throws `StoreUnavailableError`. */
  readonly health: { readonly state: StoreHealthState }
  /**
   * Runs `work` in one write transaction (a savepoint inside another); it must not await. Events it
   * appends are not published: a change desktops hear of goes through `commit` or `commitSyncedLater`.
   */
  transaction<T>(work: () => T): T
  /**
   * The one way a writer changes what desktops see: `work` writes and pushes the events it appends to the
   * log onto `events`, in one transaction committed with `synchronous = FULL`; then those events go to
   * the durable publisher, which sends them at once (the fsync covered every earlier commit too).
   */
  commit<T>(work: (events: RelayEvent[]) => T): T
  /**
   * As `commit`, but the transaction does not hold the event loop while the disk syncs: `synced`
   * resolves once it is durable, and its events are published then, before anything the caller chains
   * on `synced` (the group commit answers only then).
   */
  commitSyncedLater<T>(work: (events: RelayEvent[]) => T): {
    readonly result: T
    readonly synced: Promise<void>
  }
  /** What of the log is on disk and sent on: replays end at its head, snapshots wait for theirs. */
  readonly publisher: Pick<DurablePublisher, 'head' | 'published'>
  /** The state as of the log's head now, read on its own connection while writes go on; close it. */
  openSnapshot(): StoreSnapshot
  /** About how many conversations and messages there are (messages read off their key, not counted). */
  stateSize(): number
  readonly database: Database
  close(): void
}

/** The database file inside the relay's data directory. */
export const DATABASE_FILE_NAME = 'relay.db'

/** A dedupe key no push can have: the probe's row never outlives its transaction. */
const PROBE_KEY = 'store-health:probe'

/** Who hears of the store: its health, and the committed events (all optional for tools and tests). */
export interface RelayStoreOptions {
  /** Hears of writes the disk refuses. */
  readonly health?: StoreHealthObservers
  /** Where committed events go once on disk, and who hears of a delivery or an fsync that failed. */
  readonly publisher?: Omit<DurablePublisherOptions, 'head'>
}

/** Opens the store in `dataDir`, migrating the schema. */
export function openRelayStore(dataDir: string, options: RelayStoreOptions = {}): RelayStore {
  const file = join(dataDir, DATABASE_FILE_NAME)
  // Before SQLite opens it: closing a descriptor of the database file would drop SQLite's locks on it.
  syncStoreFiles(file)
  // The relay's logger, which the store's health observers already carry.
  const logger = options.health?.logger
  const database = openDatabase(file, {
    onMigrated: (migration) =>
      logger?.info({ version: migration.version, name: migration.name }, 'database schema migrated'),
  })
  const walSync: WalSync = createWalSync(database, file)
  // A real write through the same connection, committed with FULL (its fsync included), that leaves nothing.
  const probeInsert = database.prepare('INSERT INTO inbound_pushes (dedupe_key, received_at) VALUES (?, ?)')
  const probeDelete = database.prepare('DELETE FROM inbound_pushes WHERE dedupe_key = ?')
  const probe = database.transaction(() => {
    probeInsert.run(PROBE_KEY, Date.now())
    probeDelete.run(PROBE_KEY)
  })
  const storeHealth = createStoreHealth(() => probe.immediate(), options.health)
  const events = createEventLog(database)
  // Created with the store so that its commits are the only writers of it: the head is on disk, since
  // the store synced its files at open.
  const publisher = createDurablePublisher({ ...options.publisher, head: events.head() })
  const stateSize = database
    .prepare<[], number>(
      'SELECT (SELECT count(*) FROM conversations) + (SELECT coalesce(max(position), 0) FROM messages)',
    )
    .pluck()
  function transaction<T>(work: () => T): T {
    return storeHealth.write(() => database.transaction(work).immediate(), database.inTransaction)
  }

  function checkOutermost(): void {
    // Inside another transaction the events would be published before the outer one is on disk.
    if (database.inTransaction) throw new Error('a commit cannot run inside another transaction')
  }

  function handOn(appended: readonly RelayEvent[], synced?: Promise<void>): void {
    try {
      publisher.publish(appended, synced)
    } catch (error) {
      // The commit stands whatever the publisher says: its writers are answered all the same.
      options.publisher?.onDeliveryError?.(error)
    }
  }

  return {
    conversations: createConversationRepository(database),
    messages: createMessageRepository(database),
    events,
    inboundPushes: createInboundPushRepository(database),
    users: createUserRepository(database),
    sessions: createSessionRepository(database),
    tags: createTagRepository(database),
    cannedResponses: createCannedResponseRepository(database),
    teams: createTeamRepository(database),
    userDirectory: createUserDirectoryRepository(database),
    assignments: createAssignmentRepository(database),
    board: createBoardRepository(database),
    audit: createAuditLogRepository(database),
    followerData: createFollowerDataRepository(database),
    health: storeHealth,
    // Observed here, at the two ways in, so no caller classifies disk errors itself; a nested call is a
    // savepoint, whose success says nothing yet about its transaction.
    transaction,
    commit(work) {
      checkOutermost()
      const appended: RelayEvent[] = []
      const result = transaction(() => work(appended))
      handOn(appended)
      return result
    },
    commitSyncedLater(work) {
      checkOutermost()
      const appended: RelayEvent[] = []
      const commit = storeHealth.write(() => walSync.transaction(() => work(appended)), false)
      const synced = storeHealth.durable(commit.synced)
      // In the tick of the commit, so the publisher sees commits in seq order, and before the caller
      // chains its answers on `synced`, so desktops have the events when the writer is answered.
      handOn(appended, synced)
      return { result: commit.result, synced }
    },
    publisher,
    openSnapshot: () => openStoreSnapshot(file),
    stateSize: () => stateSize.get() ?? 0,
    database,
    close: () => {
      storeHealth.close()
      walSync.close()
      database.close()
    },
  }
}
