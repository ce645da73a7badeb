import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import {
  SIGNAL_DONE,
  SIGNAL_FAILED,
  type IndexBuildCommand,
  type IndexBuildOutcome,
  type IndexBuildWorkerData,
} from './index-build-protocol.js'

/** Where the build worker's code is, and how to load better-sqlite3 in it. */
export interface ParallelIndexBuildOptions {
  /** The bundled worker (Electron); by default this folder's TypeScript source, loaded through tsx. */
  readonly workerUrl?: URL
  readonly nativeBinding?: string
}

/** Longest the main thread waits for the worker's swap before building the index itself. */
const FINISH_TIMEOUT_MS = 120_000

const SOURCE_URL = new URL('./search-index-build-worker.ts', import.meta.url)

/**
 * The worker's first code: loads the TypeScript loader when run from source (tests, tools, the browser
 * shell), then the worker's module. A module that cannot load still wakes a main thread waiting on it.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
const loader = workerData.typescriptLoader === undefined
  ? Promise.resolve()
  : import(workerData.typescriptLoader).then((typescript) => typescript.register())
loader.then(() => import(workerData.entry)).catch((error) => {
  workerData.results.postMessage({ ok: false, problem: String(error) })
  const signal = new Int32Array(workerData.signal)
  Atomics.store(signal, 0, ${SIGNAL_FAILED})
  Atomics.notify(signal, 0)
})
`

/**
 * The search index of a cold snapshot built beside it: a worker indexes the messages as the pages are
 * committed, on another core, instead of the main thread indexing them all at the snapshot's end (about
 * two fifths of a cold catch-up's CPU). At the end the main thread waits, blocked, for the worker to
 * index the last rows and swap its index into the replica; it then indexes whatever the worker did not
 * (normally nothing) the usual way. Any failure leaves the replica's index as it was, deferred, and
 * the usual build covers everything.
 */
export function startParallelIndexBuild(replicaPath: string, options: ParallelIndexBuildOptions = {}) {
  const signal = new SharedArrayBuffer(4)
  const { port1: results, port2: workerResults } = new MessageChannel()
  const data: IndexBuildWorkerData = {
    replicaPath,
    signal,
    results: workerResults,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  }
  const entry = options.workerUrl ?? SOURCE_URL
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      ...data,
      entry: entry.href,
      ...(entry.pathname.endsWith('.ts') ? { typescriptLoader: import.meta.resolve('tsx/esm/api') } : {}),
    },
    transferList: [workerResults],
  })
  let isOver = false
  // A worker that dies is the same as one that failed: the main thread builds the index.
  worker.on('error', () => (isOver = true))
  worker.on('exit', () => (isOver = true))

  function send(command: IndexBuildCommand): void {
    if (!isOver) worker.postMessage(command)
  }

  return {
    /** Rows were committed: the worker indexes them while the main thread goes on. */
    committed(): void {
      send('committed')
    },
    /**
     * Blocks until the worker has indexed every committed row and swapped its index into the replica
     * (the caller must hold no transaction), and answers the first rowid it did not index; null when it
     * could not, the replica's index then being untouched.
     */
    finishSync(): number | null {
      if (isOver) return null
      send('finish')
      Atomics.wait(new Int32Array(signal), 0, 0, FINISH_TIMEOUT_MS)
      const outcome = receiveMessageOnPort(results)?.message as IndexBuildOutcome | undefined
      void worker.terminate()
      results.close()
      isOver = true
      return Atomics.load(new Int32Array(signal), 0) === SIGNAL_DONE && outcome?.ok === true
        ? outcome.indexedUpTo
        : null
    },
    /** The snapshot was abandoned: the worker stops, the replica's index untouched. */
    abort(): void {
      isOver = true
      void worker.terminate()
      results.close()
    },
  }
}

/** A search index being built beside a cold snapshot. */
export type ParallelIndexBuild = ReturnType<typeof startParallelIndexBuild>
