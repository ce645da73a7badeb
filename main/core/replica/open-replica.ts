import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  latestVersion,
  runMigrations,
  schemaVersionOf,
  type AppliedMigration,
} from '../../../common/schema/migration-runner.js'
import { MIGRATIONS } from './migrations.js'

/** SQLite page size of a replica created from nothing. */
const NEW_REPLICA_PAGE_SIZE = 16_384

/** Why a replica file cannot be used: it is not a database we can read, or a newer app wrote it. */
export type ReplicaProblem = 'corrupt' | 'newer'

/** A replica file main refuses to touch; the file is left exactly as it was. */
export class ReplicaOpenError extends Error {
  /** A stable code the UI can show. */
  readonly problem: ReplicaProblem
  /** The file that was refused. */
  readonly path: string

  constructor(problem: ReplicaProblem, path: string, message: string) {
    super(message)
    this.name = 'ReplicaOpenError'
    this.problem = problem
    this.path = path
  }
}

/** How to open a replica. */
export interface ReplicaOpenOptions {
  /** How to load better-sqlite3's addon: Electron passes its own build (see main/electron/native-binding). */
  readonly nativeBinding?: string
  /** Hears of each migration the open applied, once it committed. */
  readonly onMigrated?: (migration: AppliedMigration) => void
}

/**
 * Opens (creating when absent) a replica and brings it to the current schema. A file that is not a
 * database, has an unreadable schema, or was written by a newer app is refused with a
 * ReplicaOpenError before anything is written to it.
 */
export function openReplica(path: string, options: ReplicaOpenOptions = {}): Database.Database {
  mkdirSync(dirname(path), { recursive: true })
  const database = new Database(
    path,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  )
  try {
    // Read before writing anything: a foreign or damaged file must stay as it was.
    const version = readVersion(database, path)
    // Refused here, before the pragmas below write to the file, rather than by the runner.
    const known = latestVersion(MIGRATIONS)
    if (version > known) {
      throw new ReplicaOpenError(
        'newer',
        path,
        `The local data at ${path} was written by a newer version of Kefu (schema ${version}, this app knows ${known}). Update Kefu; the file was left untouched.`,
      )
    }
    // 16 KB pages for a new file (an existing one keeps its own): a catch-up writes hundreds of thousands
    // of rows and FTS5 segments, and with a quarter as many pages it costs ~15% less CPU per message (measured on
    // 500 000 messages: 14.9–16.4 µs against 17.4–19.8). Set before WAL mode, which fixes the page size.
    if (version === 0) database.pragma(`page_size = ${NEW_REPLICA_PAGE_SIZE}`)
    database.pragma('journal_mode = WAL')
    // The replica is a cache of the relay (the system of record): a power cut may lose the last
    // commits, never corrupt the file, and the cursor is lost with them, so they are fetched again.
    database.pragma('synchronous = NORMAL')
    database.pragma('foreign_keys = ON')
    database.pragma('temp_store = MEMORY')
    // Another connection may hold the write lock for a moment: a cold snapshot's index build swapping
    // its index in (see parallel-index-build.ts).
    database.pragma('busy_timeout = 5000')
    // A 64 MB page cache keeps the indexes of a large replica in memory during a catch-up.
    database.pragma('cache_size = -65536')
    // Checkpoint every 10 000 pages (~160 MB with 16 KB pages) instead of 1 000: a catch-up rewrites the
    // same conversation and index pages page after page, and each checkpoint copies them back and syncs
    // the file (a quarter of that interval measured ~15% slower). Once reset, the log shrinks back to 64 MB.
    database.pragma('wal_autocheckpoint = 10000')
    database.pragma('journal_size_limit = 67108864')
    runMigrations(database, MIGRATIONS, { program: 'app', onApplied: options.onMigrated })
    return database
  } catch (error) {
    database.close()
    throw error
  }
}

function readVersion(database: Database.Database, path: string): number {
  try {
    const version = schemaVersionOf(database)
    // Reading the schema touches the header and the first pages; a full integrity check would cost
    // seconds on a large replica at every start.
    database.prepare('SELECT count(*) FROM sqlite_master').pluck().get()
    return version
  } catch (error) {
    if (error instanceof ReplicaOpenError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new ReplicaOpenError(
      'corrupt',
      path,
      `The local data at ${path} cannot be read (${reason}). It was left untouched; move it aside to start a fresh copy from the relay.`,
    )
  }
}
