import { randomUUID } from 'node:crypto'
import type { Pool, PoolClient } from 'pg'
import type { RelayEvent } from '../../../common/relay/events.js'
import { createDurablePublisher } from '../durable-publisher.js'
import type { RelayStore, StoreAccess, StoreTransaction } from '../relay-store.js'
import { withinCommitOf, type RelayStoreOptions } from '../sqlite-relay-store.js'
import { createStoreHealth, type StoreHealth } from '../store-health.js'
import { TransactionAbortedError } from '../transaction-aborted.js'
import { startLogTail } from './log-tail.js'
import { migratePostgres } from './migrate-postgres.js'
import { openPostgresPool } from './open-postgres-pool.js'
import { createPostgresEventLog, type PostgresEventLog } from './postgres-event-log.js'
import { postgresRepositoriesOf } from './postgres-repositories.js'
import { holdRelayLiveness, type RelayLiveness } from './relay-liveness.js'
import { openPostgresSnapshot } from './postgres-snapshot.js'
import type { Queryable } from './queryable.js'

/** The PostgreSQL engine of the store: several relays on one database, each following the shared log. */
export interface PostgresRelayStore extends RelayStore {
  readonly engine: 'postgres'
  /** The pool, for what inspects the database itself (backups, tests); the relay goes through the port. */
  readonly database: Pool
}

/**
 * Opens the store on the database at `connectionString`, migrating it (once, whichever relay gets there
 * first). Every relay on the database publishes the same log in the same order: each follows it with its
 * own tail (log-tail.ts) and hands what it reads to its publisher, its own commits included, so a
 * desktop on any relay hears every commit of every relay, in `seq` order. A commit resolves once this
 * relay's tail has published it, so a writer answered here has been heard by the desktops connected here.
 */
export async function openPostgresRelayStore(
  connectionString: string,
  options: RelayStoreOptions = {},
): Promise<PostgresRelayStore> {
  const logger = options.health?.logger
  const pool = openPostgresPool(connectionString)
  // A probe the relay can always make: the database answering a write-free round trip.
  const storeHealth = createStoreHealth(async () => void (await pool.query('SELECT 1')), options.health)
  // An idle connection that breaks (the server restarting, a failover) is the pool's error event; left
  // unheard it would end the process. Heard, it turns the relay unready until the probe gets through.
  const connectionLost = (error: unknown): void => storeHealth.noticed(error)
  pool.on('error', connectionLost)
  // A connection that breaks while checked out fails its query; its error event must not end the process.
  pool.on('connect', (client) => client.on('error', connectionLost))
  try {
    await migratePostgres(pool, undefined, {
      onApplied: (migration) =>
        logger?.info({ version: migration.version, name: migration.name }, 'database schema migrated'),
    })
    const log = createPostgresEventLog(pool)
    const logId = await identityOf(pool)
    const head = await log.head()
    const publisher = createDurablePublisher({ ...options.publisher, head })
    const tail = await startLogTail({
      connectionString,
      log,
      from: head,
      deliver: (events) => {
        try {
          publisher.publish(events)
        } catch (error) {
          options.publisher?.onDeliveryError?.(error)
        }
      },
      onError: (error) => {
        logger?.warn({ err: error }, 'following the shared log: retrying')
        connectionLost(error)
      },
    })
    const liveness = await holdRelayLiveness(pool, randomUUID(), connectionLost)
    return storeOver(pool, log, { logId, publisher, tail, liveness, storeHealth, options })
  } catch (error) {
    storeHealth.close()
    await pool.end()
    throw error
  }
}

interface Opened {
  readonly logId: string
  readonly publisher: ReturnType<typeof createDurablePublisher>
  readonly tail: Awaited<ReturnType<typeof startLogTail>>
  readonly liveness: RelayLiveness
  readonly storeHealth: StoreHealth
  readonly options: RelayStoreOptions
}

const WRITER_LOCK = 'kefu:writer'

/** How often a transaction PostgreSQL broke off as a deadlock or a serialization failure runs again. */
const MAX_TRANSACTION_ATTEMPTS = 5

const RETRYABLE_SQLSTATES = new Set(['40P01', '40001'])

function isRetryable(error: unknown): boolean {
  return RETRYABLE_SQLSTATES.has((error as { code?: unknown } | null)?.code as string)
}

function storeOver(pool: Pool, log: PostgresEventLog, opened: Opened): PostgresRelayStore {
  const { publisher, tail, liveness, storeHealth, options } = opened

  // A transaction PostgreSQL fails as a serialization failure or a deadlock (the writer lock leaves none
  // between writers; a reader's lock still could) loses nothing and simply runs again.
  async function inTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptTransaction(work)
      } catch (error) {
        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error
      }
    }
  }

  async function attemptTransaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let isBroken = false
    try {
      // One writing transaction at a time over every relay. Each appends to the log, whose counter row
      // serialises commits anyway; taken first, no transaction holds a conversation row while waiting
      // for it, so two relays' batches never deadlock (which PostgreSQL only breaks after a second).
      // One round trip for both: a simple query may hold several statements (no parameters, then).
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtextextended('${WRITER_LOCK}', 0))`)
      const result = await work(transactionOf(client, log))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (isBroken = true))
      throw error
    } finally {
      // A connection that cannot even roll back is dropped, not handed to the next writer.
      client.release(isBroken)
    }
  }

  /** Resolves once this relay's tail has published every event of a commit. */
  async function heard(appended: readonly RelayEvent[]): Promise<void> {
    const last = appended.at(-1)
    if (last === undefined) return
    await tail.reached(last.seq)
    await publisher.published(last.seq)
  }

  // A session-level advisory lock on a connection of its own: held across `work`'s own queries (and any
  // network call it makes), released on that connection, which a crash releases with it.
  async function exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let isBroken = false
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`kefu:${key}`])
      try {
        return await work()
      } finally {
        await client
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`kefu:${key}`])
          .catch(() => (isBroken = true))
      }
    } finally {
      client.release(isBroken)
    }
  }

  const transaction: RelayStore['transaction'] = (work) => storeHealth.write(() => inTransaction(work), false)

  return {
    engine: 'postgres',
    database: pool,
    ...postgresRepositoriesOf(pool, log),
    logId: opened.logId,
    jsonOf: (value) => log.jsonOf(value),
    health: storeHealth,
    transaction,
    async commit(writerWork) {
      const work = withinCommitOf(writerWork, options)
      let appended: RelayEvent[] = []
      // A fresh list per attempt: a transaction run again must not keep the events of the one rolled back.
      const result = await transaction((tx) => work(tx, (appended = [])))
      await heard(appended)
      return result
    },
    async commitSyncedLater(writerWork) {
      const work = withinCommitOf(writerWork, options)
      let appended: RelayEvent[] = []
      // A fresh list per attempt: a transaction run again must not keep the events of the one rolled back.
      const result = await transaction((tx) => work(tx, (appended = [])))
      // Committed is durable on PostgreSQL; "synced" here is "published", as on SQLite.
      const synced = heard(appended)
      synced.catch(() => undefined)
      return { result, synced }
    },
    publisher,
    relayId: liveness.relayId,
    isRelayRunning: (relayId) => liveness.isRunning(relayId),
    exclusively,
    openSnapshot: () => openPostgresSnapshot(pool),
    async stateSize() {
      const { rows } = await pool.query<{ size: number }>(
        'SELECT (SELECT count(*) FROM conversations) + (SELECT coalesce(max(position), 0) FROM messages) AS size',
      )
      return Number(rows[0]?.size ?? 0)
    },
    async close() {
      storeHealth.close()
      await tail.stop()
      await liveness.stop()
      await pool.end()
    },
  }
}

/** The repositories on one transaction's client, and its savepoints. */
function transactionOf(client: PoolClient, log: PostgresEventLog): StoreTransaction {
  const access: StoreAccess = postgresRepositoriesOf(client, log, client)
  return {
    ...access,
    async savepoint(work) {
      await client.query('SAVEPOINT piece')
      try {
        const result = await work()
        await client.query('RELEASE SAVEPOINT piece')
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK TO SAVEPOINT piece')
          await client.query('RELEASE SAVEPOINT piece')
        } catch {
          throw new TransactionAbortedError(error)
        }
        throw error
      }
    },
  }
}

/** The log's identity, minted by the first relay that finds none (the others read the same one). */
async function identityOf(db: Queryable): Promise<string> {
  await db.query(
    'INSERT INTO log_identity (id, log_id, minted_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING',
    [randomUUID(), Date.now()],
  )
  const { rows } = await db.query<{ log_id: string }>('SELECT log_id FROM log_identity WHERE id = 1')
  const logId = rows[0]?.log_id
  if (logId === undefined) throw new Error('the log has no identity row')
  return logId
}
