/**
 * One engine-neutral description of a relay schema, read from SQLite's catalogue or PostgreSQL's, so the
 * two engines' schemas can be compared whole and a difference shows as a diff of plain values.
 */
import type { Database } from 'better-sqlite3'
import type { ClientBase } from 'pg'

export interface ColumnDescription {
  readonly name: string
  /** The storage family: SQLite's INTEGER is PostgreSQL's BIGINT or SMALLINT, BLOB is BYTEA. */
  readonly type: 'integer' | 'text' | 'blob'
  readonly notNull: boolean
  /** The default's SQL, e.g. `0` or `'[]'`; null when there is none. */
  readonly defaultValue: string | null
}

export interface TableDescription {
  /** In declaration order. */
  readonly columns: readonly ColumnDescription[]
  readonly primaryKey: readonly string[]
  /** `column -> table(column) on delete action`, sorted. */
  readonly foreignKeys: readonly string[]
  /**
   * The columns of each UNIQUE declared with the table (not CREATE UNIQUE INDEX), `name nocase` for one
   * that ignores ASCII case; sorted.
   */
  readonly uniqueKeys: readonly string[]
  readonly checkCount: number
}

export interface SchemaDescription {
  readonly tables: Readonly<Record<string, TableDescription>>
  /** The indexes a migration created by name (not those behind a PRIMARY KEY or UNIQUE), sorted. */
  readonly indexes: readonly string[]
}

interface SqliteColumn {
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
}

interface SqliteIndexColumn {
  name: string | null
  coll: string
  key: number
}

interface SqliteForeignKey {
  table: string
  from: string
  to: string
  on_delete: string
}

/** Tables of the engine's own (sqlite_sequence and the like) are not the relay's. */
export function describeSqliteSchema(database: Database): SchemaDescription {
  const tables: Record<string, TableDescription> = {}
  const tableRows = database
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
  for (const { name, sql } of tableRows) {
    const columns = database.prepare<[], SqliteColumn>(`SELECT * FROM pragma_table_info('${name}')`).all()
    const foreignKeys = database
      .prepare<[], SqliteForeignKey>(`SELECT * FROM pragma_foreign_key_list('${name}')`)
      .all()
    tables[name] = {
      columns: columns.map((column) => ({
        name: column.name,
        type: sqliteFamily(column.type),
        // STRICT tables refuse NULL in a PRIMARY KEY column, as PostgreSQL does.
        notNull: column.notnull === 1 || column.pk > 0,
        defaultValue: column.dflt_value,
      })),
      primaryKey: columns
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name),
      foreignKeys: foreignKeys.map((key) => foreignKey(key.from, key.table, key.to, key.on_delete)).sort(),
      uniqueKeys: sqliteUniqueKeys(database, name),
      checkCount: sql.match(/\bCHECK\s*\(/gi)?.length ?? 0,
    }
  }
  const indexes = database
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
    .pluck()
    .all()
  return { tables, indexes }
}

function sqliteUniqueKeys(database: Database, table: string): string[] {
  const uniques = database
    .prepare<[], string>(`SELECT name FROM pragma_index_list('${table}') WHERE origin = 'u'`)
    .pluck()
    .all()
  return uniques
    .map((index) =>
      database
        .prepare<[], SqliteIndexColumn>(`SELECT * FROM pragma_index_xinfo('${index}') WHERE key = 1`)
        .all()
        .map((column) =>
          column.coll.toUpperCase() === 'NOCASE' ? `${column.name} nocase` : String(column.name),
        )
        .join(', '),
    )
    .sort()
}

/**
 * PostgreSQL's spelling of SQLite's `UNIQUE COLLATE NOCASE` on a column: a unique index on
 * `lower(column COLLATE "C")`. Such an index counts as the table's unique key, not as a named index.
 */
const NOCASE_UNIQUE_INDEX = /^CREATE UNIQUE INDEX \S+ ON \S+ USING btree \(lower\(\((\w+) COLLATE "C"\)\)\)$/

/** The relay's tables in the public schema but `ignoredTables`, the engine's own (the version table). */
export async function describePostgresSchema(
  client: ClientBase,
  ignoredTables: readonly string[],
): Promise<SchemaDescription> {
  const columnRows = await client.query<{
    table_name: string
    column_name: string
    data_type: string
    is_nullable: 'YES' | 'NO'
    column_default: string | null
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
     FROM information_schema.columns
     WHERE table_schema = 'public' AND NOT (table_name = ANY ($1))
     ORDER BY table_name, ordinal_position`,
    [ignoredTables],
  )
  const primaryKeyRows = await client.query<{ table_name: string; column_name: string }>(
    `SELECT idx.indrelid::regclass::text AS table_name, attribute.attname AS column_name
     FROM pg_index idx
     JOIN pg_attribute attribute ON attribute.attrelid = idx.indrelid AND attribute.attnum = ANY (idx.indkey)
     WHERE idx.indisprimary AND idx.indrelid::regclass::text <> ALL ($1)
       AND idx.indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
     ORDER BY table_name, array_position(idx.indkey::int2[], attribute.attnum)`,
    [ignoredTables],
  )
  const constraintRows = await client.query<{
    table_name: string
    kind: 'f' | 'c' | 'u'
    column_names: string[]
    target_table: string | null
    target_column: string | null
    on_delete: string | null
  }>(
    `SELECT con.conrelid::regclass::text AS table_name, con.contype AS kind,
            ARRAY(
              SELECT attname::text FROM unnest(con.conkey) WITH ORDINALITY AS key (attnum, position)
              JOIN pg_attribute ON attrelid = con.conrelid AND pg_attribute.attnum = key.attnum
              ORDER BY position
            ) AS column_names,
            con.confrelid::regclass::text AS target_table, target.attname AS target_column,
            con.confdeltype AS on_delete
     FROM pg_constraint con
     LEFT JOIN pg_attribute target
       ON con.contype = 'f' AND target.attrelid = con.confrelid AND target.attnum = con.confkey[1]
     WHERE con.connamespace = 'public'::regnamespace AND con.contype IN ('f', 'c', 'u')
       AND con.conrelid::regclass::text <> ALL ($1)`,
    [ignoredTables],
  )
  const indexRows = await client.query<{ name: string; table_name: string; definition: string }>(
    `SELECT index_class.relname AS name, idx.indrelid::regclass::text AS table_name,
            pg_get_indexdef(idx.indexrelid) AS definition
     FROM pg_index idx
     JOIN pg_class index_class ON index_class.oid = idx.indexrelid
     WHERE index_class.relnamespace = 'public'::regnamespace
       AND idx.indrelid::regclass::text <> ALL ($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = idx.indexrelid AND pg_constraint.contype IN ('p', 'u', 'x'))
     ORDER BY name`,
    [ignoredTables],
  )

  const tables: Record<string, TableDescription> = {}
  for (const row of columnRows.rows) {
    const table = tables[row.table_name] ?? emptyTable()
    tables[row.table_name] = {
      ...table,
      columns: [
        ...table.columns,
        {
          name: row.column_name,
          type: postgresFamily(row.data_type),
          notNull: row.is_nullable === 'NO',
          defaultValue: row.column_default?.replace(/::[a-z ]+$/, '') ?? null,
        },
      ],
    }
  }
  for (const row of primaryKeyRows.rows) {
    const table = tables[row.table_name] ?? emptyTable()
    tables[row.table_name] = { ...table, primaryKey: [...table.primaryKey, row.column_name] }
  }
  for (const row of constraintRows.rows) {
    const table = tables[row.table_name] ?? emptyTable()
    const onDelete = POSTGRES_ON_DELETE[row.on_delete ?? '']
    tables[row.table_name] =
      row.kind === 'c'
        ? { ...table, checkCount: table.checkCount + 1 }
        : row.kind === 'u'
          ? { ...table, uniqueKeys: [...table.uniqueKeys, row.column_names.join(', ')].sort() }
          : {
              ...table,
              foreignKeys: [
                ...table.foreignKeys,
                foreignKey(row.column_names[0], row.target_table, row.target_column, onDelete),
              ].sort(),
            }
  }
  const indexes: string[] = []
  for (const row of indexRows.rows) {
    const nocaseColumn = NOCASE_UNIQUE_INDEX.exec(row.definition)?.[1]
    if (nocaseColumn === undefined) {
      indexes.push(row.name)
      continue
    }
    const table = tables[row.table_name] ?? emptyTable()
    tables[row.table_name] = { ...table, uniqueKeys: [...table.uniqueKeys, `${nocaseColumn} nocase`].sort() }
  }
  return { tables: sortedByName(tables), indexes }
}

/** pg_constraint.confdeltype, in SQLite's words. */
const POSTGRES_ON_DELETE: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

function foreignKey(from: unknown, table: unknown, to: unknown, onDelete: unknown): string {
  return `${String(from)} -> ${String(table)}(${String(to)}) on delete ${String(onDelete)}`
}

function emptyTable(): TableDescription {
  return { columns: [], primaryKey: [], foreignKeys: [], uniqueKeys: [], checkCount: 0 }
}

function sortedByName<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
}

function sqliteFamily(declared: string): ColumnDescription['type'] {
  const families: Record<string, ColumnDescription['type']> = {
    INTEGER: 'integer',
    TEXT: 'text',
    BLOB: 'blob',
  }
  const family = families[declared.toUpperCase()]
  if (family === undefined) throw new Error(`SQLite column type ${declared} has no PostgreSQL family here`)
  return family
}

function postgresFamily(dataType: string): ColumnDescription['type'] {
  const families: Record<string, ColumnDescription['type']> = {
    bigint: 'integer',
    integer: 'integer',
    smallint: 'integer',
    text: 'text',
    bytea: 'blob',
  }
  const family = families[dataType]
  if (family === undefined) throw new Error(`PostgreSQL column type ${dataType} has no SQLite family here`)
  return family
}
