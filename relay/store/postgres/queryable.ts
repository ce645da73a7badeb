import type { ClientBase, QueryResultRow } from 'pg'

/** What a repository queries through: the pool (one statement, any connection) or one transaction's client. */
export type Queryable = Pick<ClientBase, 'query'>

/** The rows `sql` answers. */
export async function rowsOf<R extends QueryResultRow>(
  db: Queryable,
  sql: string,
  values: readonly unknown[] = [],
): Promise<R[]> {
  return (await db.query<R>(sql, values as unknown[])).rows
}

/** The first row `sql` answers, or undefined. */
export async function rowOf<R extends QueryResultRow>(
  db: Queryable,
  sql: string,
  values: readonly unknown[] = [],
): Promise<R | undefined> {
  return (await rowsOf<R>(db, sql, values))[0]
}

/** How many rows `sql` wrote. */
export async function changesOf(
  db: Queryable,
  sql: string,
  values: readonly unknown[] = [],
): Promise<number> {
  return (await db.query(sql, values as unknown[])).rowCount ?? 0
}
