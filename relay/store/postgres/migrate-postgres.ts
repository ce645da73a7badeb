/**
 * The relay's schema on PostgreSQL: the same numbered migrations as SQLite's (relay/store/migrations),
 * each translated, so a database of either engine at version N has the same tables, columns and
 * indexes. The translation keeps rows reading alike: SQLite's 64-bit INTEGER is BIGINT (epoch-ms times,
 * counters, keys), its 0/1 flags are SMALLINT, JSON stays TEXT, BLOB is BYTEA, and AUTOINCREMENT keys
 * are identity columns.
 *
 * The version is kept in a one-row table, `schema_version`, written in each migration's transaction.
 * Several relays may start at once on one database: an advisory lock lets one migrate while the others
 * wait, then find nothing left to run.
 */
import type { ClientBase, Pool, PoolClient } from 'pg'
import {
  planMigrations,
  type AppliedMigration,
  type Migration,
  type MigrationOptions,
  type MigrationReport,
} from '../../../common/schema/migration-runner.js'
import { postgresMigration0001 } from './migrations/0001-initial.js'
import { postgresMigration0002 } from './migrations/0002-access-tokens.js'
import { postgresMigration0003 } from './migrations/0003-auto-replies.js'
import { postgresMigration0004 } from './migrations/0004-shared-state.js'
import { postgresMigration0005 } from './migrations/0005-user-events.js'
import { postgresMigration0006 } from './migrations/0006-canned-images.js'
import { postgresMigration0007 } from './migrations/0007-log-identity.js'
import { postgresMigration0008 } from './migrations/0008-audit-and-erasure.js'
import { postgresMigration0009 } from './migrations/0009-follow-seen.js'
import { postgresMigration0010 } from './migrations/0010-sending-relay.js'
import { postgresMigration0011 } from './migrations/0011-team-accounts.js'
import { postgresMigration0012 } from './migrations/0012-accounts.js'
import { postgresMigration0013 } from './migrations/0013-account-limits.js'
import { postgresMigration0014 } from './migrations/0014-union-ids.js'
import { postgresMigration0015 } from './migrations/0015-account-quotas.js'
import { postgresMigration0016 } from './migrations/0016-canned-media-per-account.js'
import { postgresMigration0017 } from './migrations/0017-media.js'
import { postgresMigration0018 } from './migrations/0018-window-rescue.js'
import { postgresMigration0019 } from './migrations/0019-snooze.js'
import { postgresMigration0020 } from './migrations/0020-reports.js'
import { postgresMigration0021 } from './migrations/0021-account-auto-replies.js'
import { postgresMigration0022 } from './migrations/0022-qr-codes.js'

/** One numbered step of the relay's PostgreSQL schema; `up` runs on the migrating transaction's client. */
export type PostgresMigration = Migration<ClientBase, Promise<void>>

/** Every migration, in order, one for each of SQLite's. Append; never edit one that has shipped. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  postgresMigration0001,
  postgresMigration0002,
  postgresMigration0003,
  postgresMigration0004,
  postgresMigration0005,
  postgresMigration0006,
  postgresMigration0007,
  postgresMigration0008,
  postgresMigration0009,
  postgresMigration0010,
  postgresMigration0011,
  postgresMigration0012,
  postgresMigration0013,
  postgresMigration0014,
  postgresMigration0015,
  postgresMigration0016,
  postgresMigration0017,
  postgresMigration0018,
  postgresMigration0019,
  postgresMigration0020,
  postgresMigration0021,
  postgresMigration0022,
]

/** The advisory lock every relay takes to migrate; any constant works, so long as all relays share it. */
export const MIGRATION_LOCK_KEY = 0x6b65_6675 // "kefu"

const CREATE_VERSION_TABLE = `
  CREATE TABLE schema_version (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version INTEGER NOT NULL
  )`

/** How long a relay waits for another one's migration before it gives up saying so. */
const MIGRATION_LOCK_TIMEOUT_MS = 120_000

/** What may be told to the PostgreSQL migration beyond the runner's options. */
export interface PostgresMigrationOptions extends Pick<MigrationOptions, 'onApplied'> {
  /** How long to wait for the migration lock another relay holds (default 2 minutes). */
  readonly lockTimeoutMs?: number
}

/**
 * Waits for the migration lock at most `timeoutMs`: a relay whose neighbour hangs mid-migration stops
 * with words, instead of waiting for ever without a line in its log.
 */
async function takeMigrationLock(client: ClientBase, timeoutMs: number): Promise<void> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`)
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
  } catch (error) {
    // 55P03 lock_not_available: the wait ran out.
    if ((error as { code?: unknown }).code === '55P03')
      throw new Error(
        `Another relay has held this database's migration lock for over ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}: let it finish (or stop it), then start this relay again.`,
      )
    throw error
  } finally {
    await client.query('RESET lock_timeout')
  }
}

/**
 * Brings the relay's PostgreSQL schema up to date, each migration in its own transaction; refuses a
 * database newer than the code (SchemaTooNewError) before running anything. Holds the migration lock
 * throughout, so a relay starting meanwhile waits and then finds the schema current.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
  options: PostgresMigrationOptions = {},
): Promise<MigrationReport> {
  const client = await pool.connect()
  try {
    await takeMigrationLock(client, options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS)
    const report = await migrateLocked(client, migrations, options)
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    client.release()
    return report
  } catch (error) {
    await abandon(client)
    throw error
  }
}

/**
 * After a failure: rolls back the migration left open and frees the lock, so the caller finds the
 * database at the last committed version. On a broken connection the pool drops it instead: the server
 * ends its session, which does both.
 */
async function abandon(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK')
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    client.release()
  } catch {
    client.release(true)
  }
}

async function migrateLocked(
  client: PoolClient,
  migrations: readonly PostgresMigration[],
  options: Pick<MigrationOptions, 'onApplied'>,
): Promise<MigrationReport> {
  const recorded = await recordedVersion(client)
  const from = recorded ?? 0
  const { to, pending } = planMigrations(migrations, from, 'relay')
  let hasVersionTable = recorded !== undefined
  const applied: AppliedMigration[] = []
  for (const migration of pending) {
    await client.query('BEGIN')
    await migration.up(client)
    // In the migration's transaction: the version moves with its changes or not at all.
    if (!hasVersionTable) await client.query(CREATE_VERSION_TABLE)
    await client.query(
      `INSERT INTO schema_version (id, version) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
      [migration.version],
    )
    await client.query('COMMIT')
    hasVersionTable = true
    const done = { version: migration.version, name: migration.name }
    applied.push(done)
    options.onApplied?.(done)
  }
  return { from, to, applied }
}

/** The recorded schema version; undefined when the database has never been migrated. */
async function recordedVersion(client: ClientBase): Promise<number | undefined> {
  const table = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_version') IS NOT NULL AS exists",
  )
  if (table.rows[0]?.exists !== true) return undefined
  const row = await client.query<{ version: number }>('SELECT version FROM schema_version')
  return row.rows[0]?.version ?? 0
}
