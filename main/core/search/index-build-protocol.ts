import type { MessagePort } from 'node:worker_threads'

/** What the main thread hands the search index build worker. */
export interface IndexBuildWorkerData {
  readonly replicaPath: string
  readonly nativeBinding?: string
  /** Set to SIGNAL_DONE or SIGNAL_FAILED when the worker has finished, so a blocked main thread wakes up. */
  readonly signal: SharedArrayBuffer
  /** Where the outcome goes, read synchronously by the main thread once the signal is set. */
  readonly results: MessagePort
}

/** The worker's outcome: the first rowid it did not index, or why it could not finish. */
export type IndexBuildOutcome =
  { readonly ok: true; readonly indexedUpTo: number } | { readonly ok: false; readonly problem: string }

/** Messages from the main thread: rows were committed, or every row is in and the index is wanted. */
export type IndexBuildCommand = 'committed' | 'finish'

export const SIGNAL_DONE = 1
export const SIGNAL_FAILED = 2
