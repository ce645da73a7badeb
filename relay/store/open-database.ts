import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AppliedMigration } from '../../common/schema/migration-runner.js'
import { migrate, MIGRATIONS } from './migrate.js'

/** Who hears of the database being opened. */
export interface OpenDatabaseOptions {
  /** Hears of each migration the open applied, once it committed. */
  readonly onMigrated?: (migration: AppliedMigration) => void
}

/** Opens (creating if needed) the relay's SQLite file, in WAL mode, migrated to the current schema. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  mkdirSync(dirname(file), { recursive: true })
  const database = new BetterSqlite3(file)
  try {
    database.pragma('journal_mode = WAL')
    // FULL: a commit is on disk before the webhook answers `success`; group commit pays for it.
    database.pragma('synchronous = FULL')
    database.pragma('foreign_keys = ON')
    database.pragma('busy_timeout = 5000')
    migrate(database, MIGRATIONS, { onApplied: options.onMigrated })
    return database
  } catch (error) {
    database.close()
    throw error
  }
}
