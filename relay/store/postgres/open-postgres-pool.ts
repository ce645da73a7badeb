import pg from 'pg'

/** PostgreSQL's type oid of BIGINT (int8). */
const INT8_OID = 20

/**
 * A pool on `connectionString` whose BIGINT columns read as numbers, as SQLite's integers do: every one
 * the relay keeps (epoch ms, counts, positions, `seq`) stays far below 2^53. Set per pool, not on the
 * global `pg.types`, so nothing else in the process changes.
 */
export function openPostgresPool(connectionString: string, max = 10): pg.Pool {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  }
  return new pg.Pool({ connectionString, max, types })
}
