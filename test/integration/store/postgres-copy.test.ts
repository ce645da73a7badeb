import BetterSqlite3 from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { RELAY_ROUTES } from '../../../common/relay/routes.js'
import { DATABASE_FILE_NAME } from '../../../relay/store/sqlite-relay-store.js'
import { copyRelayToPostgres, StoreCopyError } from '../../../relay/store/postgres/copy-to-postgres.js'
import { createPostgresEventLog } from '../../../relay/store/postgres/postgres-event-log.js'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'
import { postgresForThisFile } from './postgres-for-this-file.js'
import { sqliteDatabaseOf } from '../../support/sqlite-database-of.js'

const postgresServer = postgresForThisFile()

/** A SQLite relay that has lived: followers, replies, a tag, a picture canned reply, an erasure. */
async function livedRelay(): Promise<string> {
  const stack = await startRelayWithSimulator()
  const kept = stack.simulator.follower()
  const erased = stack.simulator.follower()
  await kept.sendText('我想申请退款')
  await kept.sendText('order 20477')
  await erased.sendText('please forget me')
  const tag = await stack.api('POST', RELAY_ROUTES.tags, { name: '退款', color: '#aa3300' })
  expect(tag.status).toBe(201)
  const picture = simulatedPhotoOf('price list', 24, 16)
  const canned = await stack.api('POST', RELAY_ROUTES.cannedResponses, {
    shortCode: 'price',
    body: 'Our price list',
    image: { fileName: 'price.png', dataBase64: picture.toString('base64') },
  })
  expect(canned.status).toBe(201)
  const conversations = sqliteDatabaseOf(stack.relay.store)
    .prepare<[], { id: string }>('SELECT id FROM conversations ORDER BY id')
    .all()
  expect(conversations).toHaveLength(2)
  const erasedId = conversations.find((row) => row.id.includes(erased.openId))?.id ?? erased.openId
  const erasure = await stack.api('DELETE', RELAY_ROUTES.conversation(erasedId))
  expect(erasure.status).toBe(200)
  const { dataDir } = stack
  await stack.relay.close()
  await stack.simulator.close()
  return dataDir
}

/** A table's rows as SQLite holds them, in a stable order. */
function sqliteRows(dataDir: string, table: string): unknown[][] {
  const database = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true })
  try {
    return database.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all() as unknown[][]
  } finally {
    database.close()
  }
}

/** The same table's rows from PostgreSQL, numbers read as SQLite gives them. */
async function postgresRows(pool: pg.Pool, table: string, columns: readonly string[]): Promise<unknown[][]> {
  const result = await pool.query({
    text: `SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}" ORDER BY 1, 2`,
    rowMode: 'array',
  })
  return result.rows.map((row: unknown[]) =>
    row.map((value, index) =>
      typeof value === 'string' && result.fields[index]?.dataTypeID === 20 ? Number(value) : value,
    ),
  )
}

test('kefu-relay migrate --to copies every row, ids, seq and the log identity kept, and the log goes on', async () => {
  const dataDir = await livedRelay()
  const url = await postgresServer().createDatabase()
  const report = await copyRelayToPostgres(dataDir, url)
  const source = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true })
  const tables = source
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
    .pluck()
    .all() as string[]
  const logCounter = source.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").pluck().get()
  const logId = source.prepare('SELECT log_id FROM log_identity').pluck().get()
  const columnsOf = (table: string) =>
    (source.pragma(`table_info("${table}")`) as { name: string }[]).map((column) => column.name)
  const pool = new pg.Pool({ connectionString: url })
  try {
    expect(report.head).toBe(logCounter)
    expect(report.logId).toBe(logId)
    for (const table of tables) {
      const expected = sqliteRows(dataDir, table)
      expect(report.rows[table], table).toBe(expected.length)
      expect(await postgresRows(pool, table, columnsOf(table)), table).toEqual(expected)
    }
    expect(report.rows['messages']).toBeGreaterThan(0)
    expect(report.rows['canned_response_images']).toBe(1)
    // The erasure deleted the log's last events; their numbers are still never handed out again.
    const log = createPostgresEventLog(pool)
    expect(await log.head()).toBe(logCounter)
    const client = await pool.connect()
    await client.query('BEGIN')
    const [next] = await log.append(client, [
      {
        type: 'tag.upserted',
        at: Date.now(),
        tag: { id: 'after-copy', name: 'after', color: '#000000', accountKeys: [] },
      },
    ])
    await client.query('COMMIT')
    client.release()
    expect(next?.seq).toBe(Number(logCounter) + 1)
    const audit = await pool.query<{ id: string }>(
      "INSERT INTO audit_log (at, actor, action) VALUES (1, 'admin', 'test.after-copy') RETURNING id",
    )
    const highestAudit = source.prepare('SELECT max(id) FROM audit_log').pluck().get() as number
    expect(Number(audit.rows[0]?.id)).toBeGreaterThan(highestAudit)
  } finally {
    source.close()
    await pool.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('a copy into a database that holds relay data is refused in plain words and writes nothing', async () => {
  const dataDir = await livedRelay()
  const url = await postgresServer().createDatabase()
  await copyRelayToPostgres(dataDir, url)
  const pool = new pg.Pool({ connectionString: url })
  try {
    const before = await pool.query('SELECT count(*) AS count FROM messages')
    const refusal = await copyRelayToPostgres(dataDir, url).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(StoreCopyError)
    expect(String((refusal as Error).message)).toContain('already holds relay data')
    expect((await pool.query('SELECT count(*) AS count FROM messages')).rows).toEqual(before.rows)
    const missing = await copyRelayToPostgres(join(dataDir, 'nowhere'), url).catch((error: unknown) => error)
    expect(missing).toBeInstanceOf(StoreCopyError)
    expect(String((missing as Error).message)).toContain('There is no relay database')
    const unreachable = await copyRelayToPostgres(dataDir, 'postgres://kefu:secret@127.0.0.1:1/none').catch(
      (error: unknown) => error,
    )
    expect(unreachable).toBeInstanceOf(StoreCopyError)
    expect(String((unreachable as Error).message)).toContain('cannot be reached')
    expect(String((unreachable as Error).message)).not.toContain('secret')
  } finally {
    await pool.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
