import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parentPort } from 'node:worker_threads'
import type { FfmpegJob, FfmpegOutcome } from './ffmpeg-protocol.js'

/**
 * FFmpeg compiled to WebAssembly (@ffmpeg/core), in a worker of its own: decoding a voice note or scaling
 * a picture takes tens of milliseconds of CPU the relay's event loop must not spend. The core is built for
 * browsers and workers; it needs only `self` and a location to start, and its wasm bytes handed in.
 */
const globals = globalThis as unknown as Record<string, unknown>
globals['self'] = globalThis
globals['location'] = { href: import.meta.url }

interface FfmpegCore {
  FS: {
    writeFile(path: string, data: Uint8Array): void
    readFile(path: string): Uint8Array
    unlink(path: string): void
  }
  exec(...args: string[]): number
  setLogger(logger: (entry: { type: string; message: string }) => void): void
  setTimeout(ms: number): void
  reset(): void
}

const require = createRequire(import.meta.url)
const createCore = require('@ffmpeg/core') as (options: { wasmBinary: Uint8Array }) => Promise<FfmpegCore>
const core = await createCore({ wasmBinary: readFileSync(require.resolve('@ffmpeg/core/wasm')) })
let log: string[] = []
core.setLogger(({ message }) => {
  if (log.length < 400) log.push(message)
})

function run(job: FfmpegJob): FfmpegOutcome {
  log = []
  const input = `/in-${job.id}`
  if (job.input !== null) core.FS.writeFile(input, job.input)
  try {
    core.setTimeout(job.timeoutMs)
    const args = job.args.map((arg) => arg.replace('{in}', input).replace('{out}', `/out-${job.id}`))
    const code = core.exec('-hide_banner', ...args)
    const outputs = job.outputs.map((name) => {
      const path = `/out-${job.id}${name}`
      try {
        const data = core.FS.readFile(path)
        core.FS.unlink(path)
        return data
      } catch {
        return null
      }
    })
    return { id: job.id, code, log: log.join('\n'), outputs }
  } finally {
    core.reset()
    if (job.input !== null) core.FS.unlink(input)
  }
}

parentPort?.on('message', (job: FfmpegJob) => {
  let outcome: FfmpegOutcome
  try {
    outcome = run(job)
  } catch (error) {
    outcome = { id: job.id, code: -1, log: String(error), outputs: job.outputs.map(() => null) }
  }
  const transfer = outcome.outputs.flatMap((data) => (data === null ? [] : [data.buffer as ArrayBuffer]))
  parentPort?.postMessage(outcome, transfer)
})
parentPort?.postMessage('ready')
