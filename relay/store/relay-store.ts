import type { Database } from 'better-sqlite3'
import { join } from 'node:path'
import { createAssignmentRepository, type AssignmentRepository } from './assignment-repository.js'
import { createAuditLogRepository, type AuditLogRepository } from './audit-log-repository.js'
import { createBoardRepository, type BoardRepository } from './board-repository.js'
import {
  createCannedResponseRepository,
  type CannedResponseRepository,
} from './canned-response-repository.js'
import { createConversationRepository, type ConversationRepository } from './conversation-repository.js'
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
  /** Runs `work` in one write transaction; it must not await. */
  transaction<T>(work: () => T): T
  /**
   * Runs `work` in one write transaction that does not hold the event loop while the disk syncs:
   * `synced` resolves once it is durable (the webhook's group commit answers only then).
   */
  transactionSyncedLater<T>(work: () => T): { readonly result: T; readonly synced: Promise<void> }
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

/** Opens the store in `dataDir`, migrating the schema; `health` hears of writes the disk refuses. */
export function openRelayStore(dataDir: string, health: StoreHealthObservers = {}): RelayStore {
  const file = join(dataDir, DATABASE_FILE_NAME)
  // Before SQLite opens it: closing a descriptor of the database file would drop SQLite's locks on it.
  syncStoreFiles(file)
  const database = openDatabase(file)
  const walSync: WalSync = createWalSync(database, file)
  // A real write through the same connection, committed with FULL (its fsync included), that leaves nothing.
  const probeInsert = database.prepare('INSERT INTO inbound_pushes (dedupe_key, received_at) VALUES (?, ?)')
  const probeDelete = database.prepare('DELETE FROM inbound_pushes WHERE dedupe_key = ?')
  const probe = database.transaction(() => {
    probeInsert.run(PROBE_KEY, Date.now())
    probeDelete.run(PROBE_KEY)
  })
  const storeHealth = createStoreHealth(() => probe.immediate(), health)
  const stateSize = database
    .prepare<[], number>(
      'SELECT (SELECT count(*) FROM conversations) + (SELECT coalesce(max(position), 0) FROM messages)',
    )
    .pluck()
  return {
    conversations: createConversationRepository(database),
    messages: createMessageRepository(database),
    events: createEventLog(database),
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
    transaction: (work) =>
      storeHealth.write(() => database.transaction(work).immediate(), database.inTransaction),
    transactionSyncedLater: (work) => {
      const commit = storeHealth.write(() => walSync.transaction(work), database.inTransaction)
      return { result: commit.result, synced: storeHealth.durable(commit.synced) }
    },
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
