import { expect, test } from '@playwright/test'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { join } from 'node:path'
import pg from 'pg'
import { SchemaTooNewError, type MigrationReport } from '../../../common/schema/migration-runner.js'
import { migrate, MIGRATIONS } from '../../../relay/store/migrate.js'
import { openDatabase } from '../../../relay/store/open-database.js'
import {
  MIGRATION_LOCK_KEY,
  migratePostgres,
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
} from '../../../relay/store/postgres/migrate-postgres.js'
import { postgresForThisFile } from './postgres-for-this-file.js'
import { temporaryDataDir } from '../relay/relay-fixture.js'
import { describePostgresSchema, describeSqliteSchema, type SchemaDescription } from './describe-schema.js'

const postgresServer = postgresForThisFile()

/**
 * PostgreSQL's own: SQLite keeps the version in its file header, and the log's counter in its internal
 * sqlite_sequence.
 */
const POSTGRES_ONLY_TABLES = ['schema_version', 'log_sequence']

async function withPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  try {
    return await work(pool)
  } finally {
    await pool.end()
  }
}

async function postgresSchema(pool: pg.Pool): Promise<SchemaDescription> {
  const client = await pool.connect()
  try {
    return await describePostgresSchema(client, POSTGRES_ONLY_TABLES)
  } finally {
    client.release()
  }
}

async function recordedVersion(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ version: number }>('SELECT version FROM schema_version')
  return result.rows[0]!.version
}

async function tableNames(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY name",
  )
  return result.rows.map((row) => row.name)
}

function freshSqliteSchema(): SchemaDescription {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const database = openDatabase(join(dataDir, 'relay.db'))
    try {
      return describeSqliteSchema(database)
    } finally {
      database.close()
    }
  } finally {
    remove()
  }
}

const latest = MIGRATIONS.at(-1)!.version

test('the PostgreSQL migrations are SQLite’s, one for one', () => {
  const steps = (migrations: readonly { version: number; name: string }[]): string[] =>
    migrations.map(({ version, name }) => `${version} ${name}`)
  expect(steps(POSTGRES_MIGRATIONS)).toEqual(steps(MIGRATIONS))
})

test('a fresh database gets the tables, columns, keys and indexes of a fresh SQLite relay database', async () => {
  const url = await postgresServer().createDatabase()
  await withPool(url, async (pool) => {
    const report = await migratePostgres(pool)
    expect(report.from).toBe(0)
    expect(report.to).toBe(latest)
    expect(report.applied.map(({ version, name }) => ({ version, name }))).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    )
    expect(await recordedVersion(pool)).toBe(latest)
    const sqlite = freshSqliteSchema()
    expect(Object.keys(sqlite.tables).length).toBeGreaterThan(10)
    expect(await postgresSchema(pool)).toEqual(sqlite)
  })
})

test('names SQLite keeps unique whatever their case are refused alike, other letters told apart', async () => {
  const url = await postgresServer().createDatabase()
  await withPool(url, async (pool) => {
    await migratePostgres(pool)
    const addTag = (id: string, name: string): Promise<unknown> =>
      pool.query(
        "INSERT INTO tags (id, name, color, created_by, created_at) VALUES ($1, $2, 'red', 'admin', 0)",
        [id, name],
      )
    const addTeam = (id: string, name: string): Promise<unknown> =>
      pool.query('INSERT INTO teams (id, name, created_at) VALUES ($1, $2, 0)', [id, name])
    await addTag('t1', 'VIP')
    await expect(addTag('t2', 'vip')).rejects.toThrow(/tags_by_name_nocase/)
    await addTeam('a', 'Night Shift')
    await expect(addTeam('b', 'night shift')).rejects.toThrow(/teams_by_name_nocase/)
    // NOCASE folds ASCII letters only, so these are two names on both engines.
    await addTag('t3', 'Éclair')
    await addTag('t4', 'éclair')
  })
})

test('migrating again runs nothing and leaves the schema as it was', async () => {
  const url = await postgresServer().createDatabase()
  await withPool(url, async (pool) => {
    await migratePostgres(pool)
    const before = await postgresSchema(pool)
    const heard: number[] = []
    expect(
      await migratePostgres(pool, POSTGRES_MIGRATIONS, { onApplied: (m) => heard.push(m.version) }),
    ).toEqual({
      from: latest,
      to: latest,
      applied: [],
    })
    expect(heard).toEqual([])
    expect(await postgresSchema(pool)).toEqual(before)
  })
})

test('a database newer than the relay is refused in plain words, untouched', async () => {
  const url = await postgresServer().createDatabase()
  await withPool(url, async (pool) => {
    await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 2))
    await pool.query('UPDATE schema_version SET version = 99999')
    const tablesBefore = await tableNames(pool)
    const refusal = await migratePostgres(pool).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(SchemaTooNewError)
    expect(refusal).toMatchObject({ found: 99999, known: latest })
    expect((refusal as Error).message).toBe(
      `The database is at schema version 99999, newer than this relay knows (${latest}); upgrade the relay.`,
    )
    expect(await tableNames(pool)).toEqual(tablesBefore)
    expect(await recordedVersion(pool)).toBe(99999)
    // The refusal freed the migration lock: another relay is refused too rather than left waiting.
    await expect(migratePostgres(pool)).rejects.toThrow(SchemaTooNewError)
  })
})

test('relays starting at once on a fresh database all succeed, one migrating, leaving one schema', async () => {
  const url = await postgresServer().createDatabase()
  const relays = 3
  const reports = await Promise.all(
    Array.from({ length: relays }, () => withPool(url, (pool) => migratePostgres(pool))),
  )
  const appliedCounts = reports.map((report: MigrationReport) => report.applied.length).sort()
  expect(appliedCounts).toEqual([0, 0, POSTGRES_MIGRATIONS.length])
  expect(reports.every((report) => report.to === latest)).toBe(true)
  await withPool(url, async (pool) => {
    expect(await recordedVersion(pool)).toBe(latest)
    expect(await postgresSchema(pool)).toEqual(freshSqliteSchema())
  })
})

test('a relay waiting on a neighbour stuck mid-migration gives up in plain words, then migrates once free', async () => {
  const url = await postgresServer().createDatabase()
  await withPool(url, async (pool) => {
    const stuck = await pool.connect()
    await stuck.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    const refusal = await migratePostgres(pool, POSTGRES_MIGRATIONS, { lockTimeoutMs: 300 }).catch(
      (error: unknown) => error,
    )
    expect(String((refusal as Error).message)).toContain('migration lock for over 300 ms')
    expect(await tableNames(pool)).toEqual([])
    await stuck.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    stuck.release()
    expect((await migratePostgres(pool)).applied).toHaveLength(POSTGRES_MIGRATIONS.length)
  })
})

test('a migration that fails is rolled back whole, leaving the version before it', async () => {
  const url = await postgresServer().createDatabase()
  const broken: PostgresMigration = {
    version: latest + 1,
    name: 'broken',
    up: async (client) => {
      await client.query('CREATE TABLE half_done (x INTEGER)')
      await client.query("INSERT INTO inbound_pushes (dedupe_key, received_at) VALUES ('kept?', 1)")
      await client.query('INSERT INTO no_such_table VALUES (1)')
    },
  }
  await withPool(url, async (pool) => {
    await migratePostgres(pool)
    const heard: number[] = []
    await expect(
      migratePostgres(pool, [...POSTGRES_MIGRATIONS, broken], { onApplied: (m) => heard.push(m.version) }),
    ).rejects.toThrow(/no_such_table/)
    expect(heard).toEqual([])
    expect(await recordedVersion(pool)).toBe(latest)
    expect(await tableNames(pool)).not.toContain('half_done')
    expect((await pool.query('SELECT count(*)::int AS n FROM inbound_pushes')).rows).toEqual([{ n: 0 }])
    const fixed: PostgresMigration = {
      ...broken,
      up: async (client) => void (await client.query('SELECT 1')),
    }
    expect((await migratePostgres(pool, [...POSTGRES_MIGRATIONS, fixed])).applied).toEqual([
      { version: latest + 1, name: 'broken' },
    ])
  })
})

/** Rows as a relay at version 4 left them, in SQL both engines read alike. */
const ROWS_AT_VERSION_4 = `
  INSERT INTO users (username, display_name, role, password_hash, is_disabled, kf_account, team_id, created_at)
  VALUES ('alice', 'Alice', 'admin', 'h1', 0, 'kf1@gh', NULL, 100),
         ('bob', '小王', 'agent', 'h2', 1, NULL, 'night', 200),
         ('carol', 'Carol', 'supervisor', 'h3', 0, NULL, NULL, 200);
  INSERT INTO events (seq, at, type, payload_json) VALUES
    (1, 50, 'user.upserted', '{"type":"user.upserted","at":50,"user":{"username":"alice","displayName":"A"}}'),
    (2, 60, 'canned-response.upserted', '{"type":"canned-response.upserted","cannedResponse":{"id":"c1","body":"hi"}}'),
    (3, 70, 'canned-response.upserted', '{"type":"canned-response.upserted","cannedResponse":{"id":"c2","image":null}}');
  INSERT INTO conversations
    (id, follow_state, source_scene, first_seen_at, window_history_json, status, ticket_number, version, updated_at)
  VALUES ('from-qr', 'following', 'qrscene_1', 1, '[]', 'open', 1, 1, 1),
         ('subscribed', 'following', NULL, 1, '[]', 'open', 2, 1, 1),
         ('unknown', 'following', NULL, 1, '[]', 'open', 3, 1, 1);
  INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at)
  VALUES ('m1', 'subscribed', 'incoming', '{"type":"event","event":"subscribe"}', 'sent', 1, 1),
         ('m2', 'unknown', 'incoming', '{"type":"text","content":"subscribe"}', 'sent', 1, 1);
`

interface MigratedRows {
  readonly events: readonly unknown[]
  readonly conversations: readonly unknown[]
}

const EVENTS_IN_ORDER = 'SELECT type, payload_json FROM events ORDER BY seq'
const FOLLOWS_IN_ORDER = 'SELECT id, has_seen_follow FROM conversations ORDER BY id'

function parsedEvents(rows: readonly { type: string; payload_json: string }[]): unknown[] {
  return rows.map((row) => ({ type: row.type, payload: JSON.parse(row.payload_json) as unknown }))
}

function sqliteRowsAfterMigrating(): MigratedRows {
  const database: Database = new BetterSqlite3(':memory:')
  try {
    migrate(database, MIGRATIONS.slice(0, 4))
    database.exec(ROWS_AT_VERSION_4)
    migrate(database)
    return {
      events: parsedEvents(
        database.prepare<[], { type: string; payload_json: string }>(EVENTS_IN_ORDER).all(),
      ),
      conversations: database.prepare(FOLLOWS_IN_ORDER).all(),
    }
  } finally {
    database.close()
  }
}

test('the migrations that rewrite rows leave the same rows as SQLite’s', async () => {
  const url = await postgresServer().createDatabase()
  const postgres = await withPool(url, async (pool): Promise<MigratedRows> => {
    await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 4))
    await pool.query(ROWS_AT_VERSION_4)
    // The log's counter, as appending those three events would have left it.
    await pool.query('UPDATE log_sequence SET last_seq = 3')
    await migratePostgres(pool)
    // 0005 took its two events' numbers from the counter, as any append does.
    const seqs = await pool.query<{ seq: string }>('SELECT seq FROM events ORDER BY seq')
    expect(seqs.rows.map((row) => Number(row.seq))).toEqual([1, 2, 3, 4, 5])
    expect((await pool.query('SELECT last_seq FROM log_sequence')).rows).toEqual([{ last_seq: '5' }])
    return {
      events: parsedEvents((await pool.query<{ type: string; payload_json: string }>(EVENTS_IN_ORDER)).rows),
      conversations: (await pool.query(FOLLOWS_IN_ORDER)).rows,
    }
  })
  const sqlite = sqliteRowsAfterMigrating()
  // Bob and Carol were logged by 0005; the picture-less reply got `image: null` from 0006.
  expect(sqlite.events).toHaveLength(5)
  expect(sqlite.conversations).toEqual([
    { id: 'from-qr', has_seen_follow: 1 },
    { id: 'subscribed', has_seen_follow: 1 },
    { id: 'unknown', has_seen_follow: 0 },
  ])
  expect(postgres).toEqual(sqlite)
})
