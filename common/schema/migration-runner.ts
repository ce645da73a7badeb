/**
 * The one way a database's schema moves forward, for the relay's store and the desktop's replica alike.
 * Each owner keeps its own numbered migrations next to its schema; this module only runs them: in order,
 * each in its own write transaction that also records its version (so a migration that throws leaves the
 * database at the version before it), and never on a database newer than the code.
 *
 * The version is kept where both databases always kept it, SQLite's `user_version` header field: that is
 * the one SQLite-specific part (`schemaVersionOf` and the line that records it). Runtime-neutral: the
 * database is a parameter, described by the little this module calls on it, and no driver is imported.
 * An engine whose driver is asynchronous (PostgreSQL) runs its own loop around `planMigrations`, so the
 * order, the refusal and the report mean the same on every engine.
 */

/** What the runner calls on a database (better-sqlite3's `Database` has it). */
export interface MigratableDatabase {
  pragma(source: string, options?: { readonly simple?: boolean }): unknown
  transaction(work: () => void): { immediate(): void }
}

/**
 * One numbered schema step. `up` runs inside the transaction that records `version`: it may run SQL and
 * move data, but not what SQLite refuses in a transaction (`PRAGMA foreign_keys`, `VACUUM`). `Outcome` is
 * `Promise<void>` for an engine whose driver is asynchronous.
 */
export interface Migration<D, Outcome extends void | Promise<void> = void> {
  /** Positive, and greater than the migration before it; the database's version once applied. */
  readonly version: number
  /** A few words for the log, e.g. `follow-seen`. */
  readonly name: string
  up(database: D): Outcome
}

/** A migration's number and name, all the planning reads of it. */
export type MigrationStep = Pick<Migration<unknown>, 'version' | 'name'>

/** A migration that has run. */
export interface AppliedMigration {
  readonly version: number
  readonly name: string
}

/** What opening did to the schema: the version found, the version left, and each migration run between. */
export interface MigrationReport {
  readonly from: number
  readonly to: number
  readonly applied: readonly AppliedMigration[]
}

export interface MigrationOptions {
  /** Who runs the migrations, for the refusal's words ("newer than this relay knows"); `program` by default. */
  readonly program?: string
  /** Hears of each migration once its transaction committed, e.g. to log it. */
  readonly onApplied?: (migration: AppliedMigration) => void
}

/** The database was written by newer code: running older code on it could corrupt it. */
export class SchemaTooNewError extends Error {
  /** The database's schema version. */
  readonly found: number
  /** The newest version the code knows. */
  readonly known: number

  constructor(found: number, known: number, program = 'program') {
    super(
      `The database is at schema version ${found}, newer than this ${program} knows (${known}); upgrade the ${program}.`,
    )
    this.name = 'SchemaTooNewError'
    this.found = found
    this.known = known
  }
}

/** The database's schema version: 0 for a new one. */
export function schemaVersionOf(database: MigratableDatabase): number {
  return database.pragma('user_version', { simple: true }) as number
}

/** The version a database is at once every migration of the list ran. */
export function latestVersion(migrations: readonly MigrationStep[]): number {
  return migrations.at(-1)?.version ?? 0
}

/**
 * Brings the schema up to the last of `migrations`, one transaction per migration; a database already
 * there is left alone. Throws SchemaTooNewError, before running anything, on a database newer than the
 * list; a migration that throws is rolled back (the ones before it stay) and its error goes to the caller.
 */
export function runMigrations<D extends MigratableDatabase>(
  database: D,
  migrations: readonly Migration<D>[],
  options: MigrationOptions = {},
): MigrationReport {
  const from = schemaVersionOf(database)
  const { to, pending } = planMigrations(migrations, from, options.program)
  const applied: AppliedMigration[] = []
  for (const migration of pending) {
    database
      .transaction(() => {
        migration.up(database)
        // Part of the transaction: it commits with the migration's changes or not at all.
        database.pragma(`user_version = ${migration.version}`)
      })
      .immediate()
    const done = { version: migration.version, name: migration.name }
    applied.push(done)
    options.onApplied?.(done)
  }
  return { from, to, applied }
}

/** What a database at version `from` still has to run, and the version it will be at after. */
export interface MigrationPlan<M> {
  readonly to: number
  readonly pending: readonly M[]
}

/**
 * The migrations a database at version `from` has yet to run, in order. Throws, before anything runs,
 * on a list whose versions do not rise and (SchemaTooNewError) on a database newer than the list.
 */
export function planMigrations<M extends MigrationStep>(
  migrations: readonly M[],
  from: number,
  program?: string,
): MigrationPlan<M> {
  checkNumbering(migrations)
  const to = latestVersion(migrations)
  if (from > to) throw new SchemaTooNewError(from, to, program)
  return { to, pending: migrations.filter((migration) => migration.version > from) }
}

function checkNumbering(migrations: readonly MigrationStep[]): void {
  let previous = 0
  for (const { version, name } of migrations) {
    if (!Number.isInteger(version) || version <= previous)
      throw new Error(
        `Migration ${version} (${name}) is out of order: versions are whole numbers, each above the one before.`,
      )
    previous = version
  }
}
