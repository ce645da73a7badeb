import BetterSqlite3, { type Database } from 'better-sqlite3'
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { MIGRATIONS } from './migrate.js'
import { DATABASE_FILE_NAME } from './sqlite-relay-store.js'

/** A backup or restore that cannot go ahead; the message says why in plain words. */
export class StoreBackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreBackupError'
  }
}

/** What a backup wrote. */
export interface BackupResult {
  readonly file: string
  /** The last `seq` of the log in the copy. */
  readonly head: number
  readonly bytes: number
}

/** What a restore did. */
export interface RestoreResult {
  /** Where the database it replaced was moved (null: the data directory had none). */
  readonly previous: string | null
  /** The last `seq` of the restored log. */
  readonly head: number
}

/**
 * `kefu-relay backup <file>`: a consistent copy of the relay's database, safe while the relay runs.
 * `VACUUM INTO` reads the whole database in one read transaction on a connection of its own; WAL keeps
 * that view fixed while the relay goes on writing (the backup API would instead start over each time
 * another connection writes, which a busy relay does every few milliseconds). The copy is written beside
 * the target and renamed into place once complete and on disk, so a backup cut short leaves no file
 * that looks whole. The copy carries no log identity: whatever opens it starts a new log, so desktops
 * that followed the original are resynced rather than trust cursors the copy never counted.
 */
export function backupRelayDatabase(dataDir: string, target: string): BackupResult {
  const source = join(dataDir, DATABASE_FILE_NAME)
  const file = resolve(target)
  if (!existsSync(source)) throw new StoreBackupError(`There is no relay database at ${source}.`)
  if (existsSync(file)) throw new StoreBackupError(`${file} exists already: choose a new file name.`)
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  const database = new BetterSqlite3(source, { fileMustExist: true, timeout: 10_000 })
  try {
    database.prepare('VACUUM INTO ?').run(partial)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    database.close()
  }
  try {
    const head = withoutLogIdentity(partial)
    syncFile(partial)
    renameSync(partial, file)
    syncFile(dirname(file))
    return { file, head, bytes: statSync(file).size }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/**
 * `kefu-relay restore <file>`: with the relay stopped, makes a backup the relay's database. The copy is
 * checked (a relay database, not newer than this relay, intact) in the data directory first; then the
 * current database is moved aside whole (its write-ahead log folded in) and the copy renamed into its
 * place, so an interrupted restore leaves either the old database or the new one, never a mix. A running
 * relay holds the database open, and SQLite's own locks tell: the restore refuses rather than pull the
 * file from under it. The restored log gets a new identity when the relay opens it.
 */
export function restoreRelayDatabase(dataDir: string, backup: string, now = new Date()): RestoreResult {
  const source = resolve(backup)
  const current = join(dataDir, DATABASE_FILE_NAME)
  if (!existsSync(source)) throw new StoreBackupError(`There is no backup at ${source}.`)
  if (!existsSync(dataDir)) throw new StoreBackupError(`The data directory ${dataDir} does not exist.`)
  const incoming = join(dataDir, `${DATABASE_FILE_NAME}.restoring`)
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${incoming}${suffix}`, { force: true })
  try {
    // A copy through SQLite, not of the bytes: a backup left in WAL mode comes with its log folded in.
    const reader = openBackup(source)
    try {
      reader.prepare('VACUUM INTO ?').run(incoming)
    } finally {
      reader.close()
    }
    const head = withoutLogIdentity(incoming)
    syncFile(incoming)
    let previous: string | null = null
    if (existsSync(current)) {
      foldAndRelease(current, dataDir)
      previous = `${current}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`
      renameSync(current, previous)
      // Closed cleanly, the database keeps no -wal or -shm; any left over belong to the file moved aside.
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(`${current}${suffix}`)) renameSync(`${current}${suffix}`, `${previous}${suffix}`)
      }
    }
    renameSync(incoming, current)
    syncFile(dataDir)
    return { previous, head }
  } catch (error) {
    rmSync(incoming, { force: true })
    throw error
  }
}

/** Opens a backup to read it, refusing what is not a relay database this relay can run. */
function openBackup(file: string): Database {
  let database: Database
  try {
    database = new BetterSqlite3(file, { fileMustExist: true, readonly: true })
  } catch (error) {
    throw new StoreBackupError(`${file} cannot be opened as a database: ${(error as Error).message}`)
  }
  try {
    const version = database.pragma('user_version', { simple: true }) as number
    const latest = MIGRATIONS.at(-1)?.version ?? 0
    const hasLog = database
      .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'")
      .pluck()
      .get()
    if (version === 0 || hasLog !== 1) throw new StoreBackupError(`${file} is not a relay database.`)
    if (version > latest)
      throw new StoreBackupError(
        `${file} is at schema version ${version}, newer than this relay knows (${latest}); upgrade the relay first.`,
      )
    const check = database.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new StoreBackupError(`${file} is damaged (${String(check)}).`)
    return database
  } catch (error) {
    database.close()
    if (error instanceof StoreBackupError) throw error
    throw new StoreBackupError(`${file} cannot be read as a database: ${(error as Error).message}`)
  }
}

/**
 * Refuses while any other connection (a running relay) has the database open: with an exclusive lock
 * taken, no one else can; closing it then folds the write-ahead log into the file, so the file is whole.
 */
function foldAndRelease(file: string, dataDir: string): void {
  const database = new BetterSqlite3(file, { fileMustExist: true, timeout: 0 })
  try {
    database.pragma('locking_mode = EXCLUSIVE')
    database.exec('BEGIN EXCLUSIVE')
    database.exec('COMMIT')
  } catch (error) {
    database.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new StoreBackupError(
        `A relay is running on ${dataDir} (its database ${basename(file)} is in use): stop it before restoring.`,
      )
    throw error
  }
  database.close()
}

/** Drops the copy's log identity and makes it one self-contained file; answers the head of its log. */
function withoutLogIdentity(file: string): number {
  const database = new BetterSqlite3(file, { fileMustExist: true })
  try {
    database.pragma('journal_mode = DELETE')
    const hasIdentity = database
      .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'log_identity'")
      .pluck()
      .get()
    if (hasIdentity === 1) database.exec('DELETE FROM log_identity')
    return (database.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0
  } finally {
    database.close()
  }
}

function syncFile(file: string): void {
  const descriptor = openSync(file, 'r')
  try {
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}
