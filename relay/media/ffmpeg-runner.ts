import { Worker } from 'node:worker_threads'
import type { FfmpegJob, FfmpegOutcome } from './ffmpeg-protocol.js'

/** Runs FFmpeg off the event loop, one run at a time. */
export interface FfmpegRunner {
  /** Null when the worker could not start, died or hung: the run failed, the next one starts a new worker. */
  run(
    job: Omit<FfmpegJob, 'id' | 'timeoutMs'> & { readonly timeoutMs?: number },
  ): Promise<FfmpegOutcome | null>
  close(): Promise<void>
}

const SOURCE_URL = new URL('./ffmpeg-worker.ts', import.meta.url)
const DEFAULT_TIMEOUT_MS = 30_000
/** An idle worker is stopped after this long: FFmpeg's WebAssembly memory is a few hundred MB. */
const IDLE_MS = 30_000

/** Loads tsx first when the worker runs from source, as the desktop's index worker does. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
const loader = workerData.typescriptLoader === undefined
  ? Promise.resolve()
  : import(workerData.typescriptLoader).then((typescript) => typescript.register())
loader.then(() => import(workerData.entry))
`

/**
 * FFmpeg compiled to WebAssembly (@ffmpeg/core, what `npm install` brings: no system binary) in one
 * worker, started at the first run and unreferenced, so an idle relay or test exits.
 */
export function createFfmpegRunner(options: { readonly workerUrl?: URL } = {}): FfmpegRunner {
  const entry = options.workerUrl ?? SOURCE_URL
  let worker: Promise<Worker> | null = null
  let nextId = 1
  let chain: Promise<unknown> = Promise.resolve()
  let pending = 0
  let idleTimer: NodeJS.Timeout | null = null

  function stopWhenIdle(): void {
    if (idleTimer !== null) clearTimeout(idleTimer)
    idleTimer = null
    if (pending > 0) return
    idleTimer = setTimeout(() => {
      const running = worker
      worker = null
      void running?.then((idle) => idle.terminate()).catch(() => undefined)
    }, IDLE_MS)
    idleTimer.unref()
  }

  function start(): Promise<Worker> {
    const started = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        entry: entry.href,
        ...(entry.pathname.endsWith('.ts') ? { typescriptLoader: import.meta.resolve('tsx/esm/api') } : {}),
      },
    })
    started.unref()
    return new Promise((resolve, reject) => {
      started.once('message', () => resolve(started))
      started.once('error', reject)
      started.once('exit', () => reject(new Error('the FFmpeg worker stopped')))
    })
  }

  async function runNow(job: FfmpegJob): Promise<FfmpegOutcome | null> {
    worker ??= start()
    let running: Worker
    try {
      running = await worker
    } catch {
      worker = null
      return null
    }
    return await new Promise<FfmpegOutcome | null>((resolve) => {
      const giveUp = () => {
        cleanUp()
        worker = null
        void running.terminate()
        resolve(null)
      }
      const timer = setTimeout(giveUp, job.timeoutMs + 5_000)
      const onMessage = (outcome: FfmpegOutcome) => {
        if (outcome.id !== job.id) return
        cleanUp()
        resolve(outcome)
      }
      const cleanUp = () => {
        clearTimeout(timer)
        running.off('message', onMessage)
        running.off('exit', giveUp)
      }
      running.on('message', onMessage)
      running.once('exit', giveUp)
      running.postMessage(job)
    })
  }

  return {
    run(job) {
      const full: FfmpegJob = { ...job, id: nextId++, timeoutMs: job.timeoutMs ?? DEFAULT_TIMEOUT_MS }
      // One at a time: the worker's core runs one FFmpeg at a time anyway.
      pending += 1
      if (idleTimer !== null) clearTimeout(idleTimer)
      const result = chain
        .then(() => runNow(full))
        .finally(() => {
          pending -= 1
          stopWhenIdle()
        })
      chain = result.catch(() => undefined)
      return result
    },
    async close() {
      if (idleTimer !== null) clearTimeout(idleTimer)
      const running = worker
      worker = null
      if (running !== null) await (await running.catch(() => null))?.terminate()
    },
  }
}
