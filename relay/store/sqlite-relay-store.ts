import { createAccountRepository } from './account-repository.js'
import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { RelayEvent } from '../../common/relay/events.js'
import { createAccessTokenCache } from './access-token-cache.js'
import { createAssignmentRepository } from './assignment-repository.js'
import { createAuditLogRepository } from './audit-log-repository.js'
import { createAutoReplyRepository } from './auto-reply-repository.js'
import { awaiting, type Awaiting } from './awaiting.js'
import { createBoardRepository } from './board-repository.js'
import { createCannedResponseRepository } from './canned-response-repository.js'
import { createMediaRepository } from './media-repository.js'
import { createQrCodeRepository } from './qr-code-repository.js'
import { createReportRepository } from './report-repository.js'
import { createConversationRepository } from './conversation-repository.js'
import { createDurablePublisher, type DurablePublisherOptions } from './durable-publisher.js'
import { createEventLog } from './event-log.js'
import { createFollowerDataRepository } from './follower-data-repository.js'
import { createInboundPushRepository } from './inbound-push-repository.js'
import { createMessageRepository } from './message-repository.js'
import { openDatabase } from './open-database.js'
import type { CommitWork, RelayStore, StoreAccess, StoreTransaction } from './relay-store.js'
import { createKeyedSerialQueues, createSerialQueue, type SerialQueue } from './serial-queue.js'
import { TransactionAbortedError } from './transaction-aborted.js'
import { createSessionRepository } from './session-repository.js'
import { createStoreHealth, type StoreHealthObservers } from './store-health.js'
import { openStoreSnapshot } from './store-snapshot.js'
import { createTagRepository } from './tag-repository.js'
import { createTeamRepository } from './team-repository.js'
import { createUserDirectoryRepository } from './user-directory-repository.js'
import { createUserRepository } from './user-repository.js'
import { createWalSync, syncStoreFiles, type WalSync } from './wal-sync.js'

/** The SQLite engine of the store; its connection is open to tools and tests that seed or inspect it. */
export interface SqliteRelayStore extends RelayStore {
  readonly engine: 'sqlite'
  readonly database: Database
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
  /**
   * What every commit also writes, in its own transaction, from the events its writer appended (the
   * relay's report facts): one door, so no writer keeps derived state itself.
   */
  readonly withinCommit?: (tx: StoreTransaction, events: readonly RelayEvent[]) => Promise<void>
}

/** `work`, followed in its transaction by the store's `withinCommit` over the events it appended. */
export function withinCommitOf<T>(work: CommitWork<T>, options: RelayStoreOptions): CommitWork<T> {
  const after = options.withinCommit
  if (after === undefined) return work
  return async (tx, events) => {
    const result = await work(tx, events)
    if (events.length > 0) await after(tx, events)
    return result
  }
}

/** Every repository over the one connection, as the synchronous statements better-sqlite3 runs. */
function repositoriesOf(database: Database) {
  const events = createEventLog(database)
  return {
    events,
    repositories: {
      conversations: createConversationRepository(database),
      messages: createMessageRepository(database),
      events: { append: events.append, after: events.after, head: events.head },
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
      autoReplies: createAutoReplyRepository(database),
      accounts: createAccountRepository(database),
      accessTokens: createAccessTokenCache(database),
      media: createMediaRepository(database),
      reports: createReportRepository(database),
      qrCodes: createQrCodeRepository(database),
    },
  }
}

type Repositories = ReturnType<typeof repositoriesOf>['repositories']

/** The repositories as the port's promises; `gate` decides when each statement may run. */
function accessOf(repositories: Repositories, gate?: SerialQueue): StoreAccess {
  const access: Record<string, unknown> = {}
  for (const [name, repository] of Object.entries(repositories)) {
    access[name] = gate === undefined ? awaiting(repository) : gated(repository, gate)
  }
  return access as unknown as StoreAccess
}

/**
 * Outside a transaction: a statement runs at once when the connection is free, and otherwise waits its
 * turn behind the open transaction, so it neither joins it nor reads what it has not committed.
 */
function gated<T extends object>(repository: T, gate: SerialQueue): Awaiting<T> {
  const direct = awaiting(repository) as Record<string, unknown>
  const wrapped: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(direct)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const call = () => (value as (...a: unknown[]) => Promise<unknown>)(...args)
            return gate.isBusy ? gate.run(call) : call()
          }
        : value
  }
  return wrapped as Awaiting<T>
}

/** Opens the store in `dataDir`, migrating the schema. */
export function openRelayStore(dataDir: string, options: RelayStoreOptions = {}): SqliteRelayStore {
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
  const connection = createSerialQueue()
  const statements = transactionStatementsOf(database)
  // A real write through the same connection, committed with FULL (its fsync included), that leaves nothing.
  const probeInsert = database.prepare('INSERT INTO inbound_pushes (dedupe_key, received_at) VALUES (?, ?)')
  const probeDelete = database.prepare('DELETE FROM inbound_pushes WHERE dedupe_key = ?')
  const probe = database.transaction(() => {
    probeInsert.run(PROBE_KEY, Date.now())
    probeDelete.run(PROBE_KEY)
  })
  const storeHealth = createStoreHealth(() => connection.run(() => probe.immediate()), options.health)
  const { events, repositories } = repositoriesOf(database)
  // Created with the store so that its commits are the only writers of it: the head is on disk, since
  // the store synced its files at open.
  const publisher = createDurablePublisher({ ...options.publisher, head: events.head() })
  const stateSize = database
    .prepare<[], number>(
      'SELECT (SELECT count(*) FROM conversations) + (SELECT coalesce(max(position), 0) FROM messages)',
    )
    .pluck()
  const tx: StoreTransaction = {
    ...accessOf(repositories),
    // Observed like a transaction, so no caller classifies disk errors itself; its success says
    // nothing yet about its transaction.
    savepoint: (work) =>
      storeHealth.write(async () => {
        statements.savepoint.run()
        try {
          const result = await work()
          statements.release.run()
          return result
        } catch (error) {
          // SQLite may have given up the whole transaction (a full disk): then there is no savepoint left.
          if (!database.inTransaction) throw new TransactionAbortedError(error)
          statements.rollbackToSavepoint.run()
          statements.release.run()
          throw error
        }
      }, true),
  }

  /** One transaction on the connection, its turn taken by the caller. */
  async function inTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    statements.begin.run()
    try {
      const result = await work(tx)
      statements.commit.run()
      return result
    } catch (error) {
      if (database.inTransaction) statements.rollback.run()
      throw error
    }
  }

  function handOn(appended: readonly RelayEvent[], synced?: Promise<void>): void {
    try {
      publisher.publish(appended, synced)
    } catch (error) {
      // The commit stands whatever the publisher says: its writers are answered all the same.
      options.publisher?.onDeliveryError?.(error)
    }
  }

  const transaction: RelayStore['transaction'] = (work) =>
    connection.run(() => storeHealth.write(() => inTransaction(work), false))
  const exclusiveQueues = createKeyedSerialQueues()
  // One relay owns the file: any other relay id is one of an earlier start.
  const relayId = randomUUID()

  return {
    engine: 'sqlite',
    ...accessOf(repositories, connection),
    logId: events.id,
    jsonOf: events.jsonOf,
    health: storeHealth,
    transaction,
    commit(writerWork) {
      const work = withinCommitOf(writerWork, options)
      const appended: RelayEvent[] = []
      return connection.run(async () => {
        const result = await storeHealth.write(() => inTransaction((tx) => work(tx, appended)), false)
        // In the commit's turn, so the publisher sees commits in seq order.
        handOn(appended)
        return result
      })
    },
    commitSyncedLater(writerWork) {
      const work = withinCommitOf(writerWork, options)
      const appended: RelayEvent[] = []
      return connection.run(async () => {
        const commit = await storeHealth.write(
          () => walSync.transaction(() => inTransaction((tx) => work(tx, appended))),
          false,
        )
        const synced = storeHealth.durable(commit.synced)
        // In the commit's turn, so the publisher sees commits in seq order, and before the caller chains
        // its answers on `synced`, so desktops have the events when the writer is answered.
        handOn(appended, synced)
        return { result: commit.result, synced }
      })
    },
    publisher,
    relayId,
    isRelayRunning: async (otherId) => otherId === relayId,
    // One process on the file: holders of a key take turns here, and there is no other relay to wait for.
    exclusively: (key, work) => exclusiveQueues.of(key).run(work),
    openSnapshot: async () => awaiting(openStoreSnapshot(file)),
    stateSize: () => connection.run(() => stateSize.get() ?? 0),
    database,
    close: async () => {
      // What is queued finishes first: a transaction cut off mid-way would be rolled back unanswered.
      await connection.run(() => undefined)
      storeHealth.close()
      walSync.close()
      database.close()
    },
  }
}

/** The statements that open and end a transaction, prepared once. */
function transactionStatementsOf(database: Database) {
  return {
    begin: database.prepare('BEGIN IMMEDIATE'),
    commit: database.prepare('COMMIT'),
    rollback: database.prepare('ROLLBACK'),
    // One name serves every level: SQLite releases and rolls back to the innermost savepoint of a name.
    savepoint: database.prepare('SAVEPOINT piece'),
    release: database.prepare('RELEASE piece'),
    rollbackToSavepoint: database.prepare('ROLLBACK TO piece'),
  }
}
