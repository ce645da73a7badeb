import BetterSqlite3, { type Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { MIGRATIONS } from '../migrate.js'
import { DATABASE_FILE_NAME } from '../sqlite-relay-store.js'
import { migratePostgres } from './migrate-postgres.js'

/** A copy that cannot go ahead; the message says why in plain words, and nothing was written. */
export class StoreCopyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreCopyError'
  }
}

/** What the copy moved. */
export interface CopyReport {
  /** Rows copied, per table. */
  readonly rows: Readonly<Record<string, number>>
  /** The log's last `seq`, which the PostgreSQL log goes on from. */
  readonly head: number
  /** The log's identity, kept: desktops go on from their cursors instead of starting over. */
  readonly logId: string | null
}

/** Tables only PostgreSQL has: the log's counter (SQLite keeps it in `sqlite_sequence`) and the schema version. */
const POSTGRES_ONLY_TABLES = new Set(['log_sequence', 'schema_version'])
/** PostgreSQL takes at most 65 535 parameters per statement. */
const MAX_PARAMETERS = 60_000

/**
 * `kefu-relay migrate --to postgres://…`: copies the SQLite relay in `dataDir` into a new PostgreSQL
 * database, keeping every id, every `seq`, the log's identity and the counters that must never hand out
 * a number again (messages' positions, audit entries, the log), so desktops go on from their cursors.
 * The SQLite side is read in one read transaction, so the copy is consistent; run it with the relay
 * stopped, or writes after its start are not in it. The PostgreSQL side is migrated first and written
 * in one transaction: into a database that holds any relay data it refuses, and a copy that fails leaves
 * the target as it was.
 */
export async function copyRelayToPostgres(dataDir: string, url: string): Promise<CopyReport> {
  const file = join(dataDir, DATABASE_FILE_NAME)
  if (!existsSync(file)) throw new StoreCopyError(`There is no relay database at ${file}.`)
  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  try {
    checkSourceVersion(source)
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw new StoreCopyError(
        `PostgreSQL at ${withoutPassword(url)} cannot be reached or refused the connection (${error instanceof Error ? error.message : String(error)}).`,
      )
    })
    await migratePostgres(pool)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      source.exec('BEGIN')
      const report = await copyAll(source, client)
      await client.query('COMMIT')
      return report
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      if (source.inTransaction) source.exec('ROLLBACK')
      client.release()
    }
  } finally {
    source.close()
    await pool.end()
  }
}

function checkSourceVersion(source: Database): void {
  const version = Number(source.pragma('user_version', { simple: true }))
  const known = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
  if (version !== known)
    throw new StoreCopyError(
      `The relay database is at schema version ${version}, this relay's is ${known}: start this relay on it once (it migrates), stop it, then copy.`,
    )
}

async function copyAll(source: Database, client: pg.PoolClient): Promise<CopyReport> {
  const tables = tablesInOrder(source)
  const target = await columnsOf(client)
  for (const table of tables) {
    const columns = sqliteColumns(source, table)
    const targetColumns = target.get(table)
    if (targetColumns === undefined || !sameSet(columns, targetColumns))
      throw new StoreCopyError(
        `The two schemas differ at table ${table} (SQLite: ${columns.join(', ')}; PostgreSQL: ${[...(targetColumns ?? [])].join(', ') || 'none'}).`,
      )
  }
  for (const table of target.keys()) {
    if (POSTGRES_ONLY_TABLES.has(table)) continue
    const held = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quoted(table)}) AS held`)
    if (held.rows[0]?.held === true)
      throw new StoreCopyError(
        `The PostgreSQL database already holds relay data (table ${table}): copy only into a new, empty database.`,
      )
  }
  const rows: Record<string, number> = {}
  for (const table of tables) rows[table] = await copyTable(source, client, table)
  await carryCounters(source, client)
  const head = Number(
    (await client.query<{ last_seq: string }>('SELECT last_seq FROM log_sequence WHERE id = 1')).rows[0]
      ?.last_seq ?? 0,
  )
  const logId =
    (source.prepare('SELECT log_id FROM log_identity WHERE id = 1').pluck().get() as string | undefined) ??
    null
  return { rows, head, logId }
}

/** Every relay table, referenced tables before the tables that reference them. */
function tablesInOrder(source: Database): string[] {
  const names = source
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )
    .pluck()
    .all() as string[]
  const ordered: string[] = []
  const visit = (name: string, path: ReadonlySet<string>): void => {
    if (ordered.includes(name) || path.has(name)) return
    const references = source.pragma(`foreign_key_list(${quoted(name)})`) as { table: string }[]
    for (const reference of references)
      if (reference.table !== name) visit(reference.table, new Set([...path, name]))
    ordered.push(name)
  }
  for (const name of names) visit(name, new Set())
  return ordered
}

function sqliteColumns(source: Database, table: string): string[] {
  return (source.pragma(`table_info(${quoted(table)})`) as { name: string }[]).map((column) => column.name)
}

async function columnsOf(client: pg.PoolClient): Promise<Map<string, Set<string>>> {
  const result = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  )
  const tables = new Map<string, Set<string>>()
  for (const row of result.rows) {
    const columns = tables.get(row.table_name) ?? new Set<string>()
    columns.add(row.column_name)
    tables.set(row.table_name, columns)
  }
  return tables
}

/** Copies one table in batches of multi-row inserts, ids and all; answers how many rows. */
async function copyTable(source: Database, client: pg.PoolClient, table: string): Promise<number> {
  const columns = sqliteColumns(source, table)
  const batchSize = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length))
  const columnList = columns.map(quoted).join(', ')
  let batch: unknown[][] = []
  let count = 0
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const values = batch
      .map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`)
      .join(', ')
    await client.query(`INSERT INTO ${quoted(table)} (${columnList}) VALUES ${values}`, batch.flat())
    count += batch.length
    batch = []
  }
  const rows = source
    .prepare(`SELECT ${columnList} FROM ${quoted(table)}`)
    .raw()
    .iterate() as Iterable<unknown[]>
  for (const row of rows) {
    batch.push(row)
    if (batch.length >= batchSize) await flush()
  }
  await flush()
  return count
}

/**
 * The counters that must never hand out a number again go on from SQLite's: each identity column from
 * the greater of its table's highest value and SQLite's own counter (which rows deleted since may have
 * left higher), and the log's counter likewise.
 */
async function carryCounters(source: Database, client: pg.PoolClient): Promise<void> {
  const sqliteCounters = new Map(
    (source.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map(
      (row) => [row.name, row.seq],
    ),
  )
  const identities = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND is_identity = 'YES'`,
  )
  for (const { table_name: table, column_name: column } of identities.rows) {
    const highest = Number(
      source
        .prepare(`SELECT coalesce(max(${quoted(column)}), 0) FROM ${quoted(table)}`)
        .pluck()
        .get(),
    )
    const next = Math.max(highest, sqliteCounters.get(table) ?? 0)
    // is_called = false when nothing was ever handed out, so the first number is still 1.
    await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)', [
      quoted(table),
      column,
      Math.max(next, 1),
      next > 0,
    ])
  }
  const logHighest = Number(source.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get())
  await client.query('UPDATE log_sequence SET last_seq = $1 WHERE id = 1', [
    Math.max(logHighest, sqliteCounters.get('events') ?? 0),
  ])
}

function sameSet(columns: readonly string[], other: ReadonlySet<string>): boolean {
  return columns.length === other.size && columns.every((column) => other.has(column))
}

/** A table or column name as SQL takes it, whatever it is. */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** The URL as it may be printed: any password replaced. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given URL'
  }
}
