/**
 * The search index of a cold snapshot, built on a thread of its own while the main thread stores the
 * snapshot's pages (see parallel-index-build.ts). Its own connection reads the messages the main thread
 * committed and feeds them to a private FTS5 table of the same definition in a temporary database; at
 * the end it swaps that index into the replica in one transaction. Until then it writes nothing to the
 * replica, so a failure anywhere leaves the replica as it was and the main thread builds the index itself.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { indexColumnsOf } from './cjk-text.js'
import {
  SIGNAL_DONE,
  SIGNAL_FAILED,
  type IndexBuildCommand,
  type IndexBuildOutcome,
  type IndexBuildWorkerData,
} from './index-build-protocol.js'

/** Rows read and indexed per step (one read, one write transaction on the private database). */
const CHUNK = 5_000
/** The shadow tables that hold an FTS5 index (its configuration stays the replica's own). */
const SHADOW_TABLES = ['messages_fts_data', 'messages_fts_idx', 'messages_fts_docsize'] as const

/** Answers the outcome to the main thread and wakes it if it is waiting. */
function report(data: IndexBuildWorkerData, outcome: IndexBuildOutcome): void {
  data.results.postMessage(outcome)
  const signal = new Int32Array(data.signal)
  Atomics.store(signal, 0, outcome.ok ? SIGNAL_DONE : SIGNAL_FAILED)
  Atomics.notify(signal, 0)
}

const problemOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Opens the build, then indexes on each `committed` and swaps the index in on `finish`. */
function run(data: IndexBuildWorkerData): void {
  const database = new Database(
    data.replicaPath,
    data.nativeBinding === undefined ? {} : { nativeBinding: data.nativeBinding },
  )
  // The main thread holds the write lock for a page at a time; the swap at the end waits for it.
  database.pragma('busy_timeout = 30000')
  database.exec("ATTACH DATABASE '' AS build")
  database.pragma('build.page_size = 16384')
  // The replica's own definition, so the index swapped in is exactly what the replica would build.
  const definition = database
    .prepare<[], string>("SELECT sql FROM main.sqlite_master WHERE name = 'messages_fts'")
    .pluck()
    .get()
  if (definition === undefined) throw new Error('the replica has no search index table')
  database.exec(
    definition.replace(/^CREATE VIRTUAL TABLE messages_fts/i, 'CREATE VIRTUAL TABLE build.messages_fts'),
  )
  // One merge at the end costs less than merging as segments fill (see search-index-writer.ts).
  database.exec("INSERT INTO build.messages_fts (messages_fts, rank) VALUES ('automerge', 0)")
  const rowsAfter = database.prepare<[number, number], { rowid: number; search_text: string }>(
    'SELECT rowid, search_text FROM main.messages WHERE rowid >= ? ORDER BY rowid LIMIT ?',
  )
  const insert = database.prepare(
    'INSERT INTO build.messages_fts (rowid, words, bigrams, unigrams) VALUES (?, ?, ?, ?)',
  )
  // Every message, from the first: the swap replaces the replica's whole index.
  let next = 1
  const indexChunk = database.transaction((rows: readonly { rowid: number; search_text: string }[]) => {
    for (const row of rows) {
      if (row.search_text === '') continue
      const columns = indexColumnsOf(row.search_text)
      insert.run(row.rowid, columns.words, columns.bigrams, columns.unigrams)
    }
  })

  /** Indexes every row committed so far. */
  function catchUp(): void {
    for (;;) {
      const rows = rowsAfter.all(next, CHUNK)
      if (rows.length === 0) return
      indexChunk(rows)
      next = rows.at(-1)!.rowid + 1
    }
  }

  const swapIn = database.transaction(() => {
    for (const table of SHADOW_TABLES) {
      database.exec(`DELETE FROM main.${table}`)
      database.exec(`INSERT INTO main.${table} SELECT * FROM build.${table}`)
    }
  })

  function finish(): IndexBuildOutcome {
    catchUp()
    database.exec("INSERT INTO build.messages_fts (messages_fts) VALUES ('optimize')")
    // SQLite's defensive mode guards FTS5's shadow tables against direct writes; this one writes them
    // whole, from an index of the same definition, in one transaction, and nothing else on this
    // connection runs meanwhile.
    database.unsafeMode(true)
    try {
      // Immediate: the swap must not start reading and then find the main thread holding the write lock.
      swapIn.immediate()
    } finally {
      database.unsafeMode(false)
    }
    return { ok: true, indexedUpTo: next }
  }

  parentPort!.on('message', (command: IndexBuildCommand) => {
    try {
      if (command === 'committed') return catchUp()
      report(data, finish())
    } catch (error) {
      report(data, { ok: false, problem: problemOf(error) })
    }
    database.close()
    parentPort!.close()
  })
}

if (parentPort !== null) {
  const data = workerData as IndexBuildWorkerData
  try {
    run(data)
  } catch (error) {
    report(data, { ok: false, problem: problemOf(error) })
    parentPort.close()
  }
}
