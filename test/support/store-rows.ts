import type { Pool } from 'pg'
import type { RelayStore } from '../../relay/store/relay-store.js'
import { sqliteDatabaseOf } from './sqlite-database-of.js'

/**
 * Rows of `sql` (SQL both engines speak, `?` placeholders) read straight from a relay's database, on
 * whichever engine the store runs: for tests that check what is stored beyond what the port answers.
 */
export async function storedRows<Row extends object>(
  store: RelayStore,
  sql: string,
  ...parameters: readonly unknown[]
): Promise<Row[]> {
  if (store.engine === 'sqlite')
    return sqliteDatabaseOf(store)
      .prepare(sql)
      .all(...parameters) as Row[]
  let index = 0
  const numbered = sql.replace(/\?/g, () => `$${++index}`)
  const { rows } = await (store as RelayStore & { database: Pool }).database.query(numbered, [...parameters])
  return rows as Row[]
}

/** The number of rows of `table`, on either engine. */
export async function storedRowCount(store: RelayStore, table: string): Promise<number> {
  const [row] = await storedRows<{ n: number }>(store, `SELECT count(*) AS n FROM ${table}`)
  return Number(row?.n ?? 0)
}
