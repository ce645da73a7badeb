import type { Database } from 'better-sqlite3'
import { closeSync, existsSync, fdatasync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/** Fsyncs the write-ahead log off the event loop, so a group commit's wait for the disk blocks nobody. */
export interface WalSync {
  /**
   * Runs `work`, which commits one write transaction, without the commit's fsync; `synced` resolves once
   * the log holding it is on disk (rejects if the disk failed). Nothing else may commit on the
   * connection meanwhile (the store's serial queue sees to it): it would go unsynced too.
   */
  transaction<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly synced: Promise<void> }>
  /** Resolves once every commit made before the call is on disk. */
  sync(): Promise<void>
  /** Releases the log's file handle (an fsync already running keeps its own reference to the file). */
  close(): void
}

/** Fsyncs running at once: one more than the disk needs, so a batch never waits a whole fsync to start. */
const MAX_SYNCS_IN_FLIGHT = 3

/**
 * Durability of these commits, argued: in WAL mode a commit is one append of frames to `<db>-wal`, and
 * `synchronous = FULL` differs from NORMAL only in fsyncing that file before the commit returns. Here the
 * transaction runs with NORMAL and then fdatasyncs the same file on libuv's thread pool; `synced`
 * resolves only after an fdatasync *started after the commit* completed, which is exactly the guarantee
 * FULL gives (the frames, and the file size that makes them readable, are on disk), just without holding
 * the event loop for the few milliseconds the disk takes. Checkpoints keep their own syncs in either mode.
 * Every other writer of the connection keeps FULL: the pragma is switched for this transaction only.
 */
export function createWalSync(database: Database, databaseFile: string): WalSync {
  const walFile = `${databaseFile}-wal`
  let descriptor: number | null = null
  let inFlight = 0
  let waiting: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null
  let failure: unknown = null
  // Prepared once: `database.pragma()` compiles its statement on every call.
  const relaxed = database.prepare('PRAGMA synchronous = NORMAL')
  const strict = database.prepare('PRAGMA synchronous = FULL')

  function fileDescriptor(): number {
    if (descriptor === null) {
      descriptor = openSync(walFile, 'r+')
      // The log must be the very file SQLite appends to; SQLite deletes it only when its last connection closes.
      if (fstatSync(descriptor).ino !== statSync(walFile).ino) throw new Error(`${walFile} was replaced`)
    }
    return descriptor
  }

  function start(done: (error: unknown) => void): void {
    if (failure !== null) return done(failure)
    let handle: number
    try {
      handle = fileDescriptor()
    } catch (error) {
      return done(error)
    }
    inFlight += 1
    fdatasync(handle, (error) => {
      inFlight -= 1
      // After a failed fsync the kernel may have dropped the dirty pages: nothing later can be vouched for.
      if (error !== null) failure ??= error
      done(error ?? null)
      const next = waiting
      if (next !== null) {
        waiting = null
        start((nextError) => (nextError === null ? next.resolve() : next.reject(nextError)))
      }
    })
  }

  function sync(): Promise<void> {
    if (inFlight < MAX_SYNCS_IN_FLIGHT) {
      return new Promise((resolve, reject) => start((error) => (error === null ? resolve() : reject(error))))
    }
    // Every commit made while the disk is busy shares the next fsync (group commit).
    if (waiting === null) {
      let resolve!: () => void
      let reject!: (error: unknown) => void
      const promise = new Promise<void>((onResolve, onReject) => {
        resolve = onResolve
        reject = onReject
      })
      waiting = { promise, resolve, reject }
    }
    return waiting.promise
  }

  return {
    async transaction(work) {
      relaxed.run()
      let result
      try {
        result = await work()
      } finally {
        strict.run()
      }
      return { result, synced: sync() }
    },
    sync,
    close() {
      if (descriptor !== null) closeSync(descriptor)
      descriptor = null
      failure ??= new Error('the store is closed')
    },
  }
}

/**
 * Fsyncs the database, its write-ahead log and their directory, once, before the store opens them. After
 * a crash of the process alone (kill -9) the kernel may still hold commits the relay never saw synced;
 * the relay is about to serve them (replay, snapshots), and what it serves must survive a power cut
 * that follows, or a `seq` a desktop holds could be reused. Call it before SQLite opens the file: POSIX
 * drops every lock a process holds on a file when it closes any descriptor of it.
 */
export function syncStoreFiles(databaseFile: string): void {
  for (const file of [databaseFile, `${databaseFile}-wal`, dirname(databaseFile)]) {
    if (!existsSync(file)) continue
    const descriptor = openSync(file, 'r')
    try {
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }
  }
}
