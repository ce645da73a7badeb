import { createInterface } from 'node:readline'
import { createRelay } from '../../relay/app.js'
import { loadConfig } from '../../relay/config.js'
import { createLogger } from '../../relay/logger.js'

/**
 * The relay of the desktop benchmark, in its own process as in a deployment (relay and desktop are two
 * machines): serves the seeded data folder given as the first argument (on the port given third, if any), prints one JSON line
 * `{url, head}`, answers each line on stdin with `{cpuMs}` used so far, and stops when its parent
 * closes stdin, printing `{cpuMs}` it used meanwhile.
 */
export async function runBenchRelay(dataDir: string, adminPassword: string, port = '0'): Promise<void> {
  const relay = await createRelay(
    loadConfig({
      RELAY_PORT: port,
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: adminPassword,
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  process.stdout.write(`${JSON.stringify({ url: relay.url, head: await relay.store.events.head() })}\n`)
  const started = process.cpuUsage()
  const cpuMs = (): number => {
    const used = process.cpuUsage(started)
    return (used.user + used.system) / 1000
  }
  // The parent's end of stdin closing, not a signal, is the stop: it also fires when the parent dies.
  // Each line it sends before that asks for the CPU used so far, so it can time one phase at a time.
  await new Promise<void>((resolve) => {
    const input = createInterface({ input: process.stdin })
    input.on('line', () => process.stdout.write(`${JSON.stringify({ cpuMs: cpuMs() })}\n`))
    input.once('close', resolve)
  })
  // The CPU the relay spent while serving, so a figure taken on a busy machine can still be compared.
  process.stdout.write(`${JSON.stringify({ cpuMs: cpuMs() })}\n`)
  await relay.close()
}

const [dataDir, adminPassword, port] = process.argv.slice(2)
if (dataDir !== undefined && adminPassword !== undefined) {
  runBenchRelay(dataDir, adminPassword, port).catch((error: unknown) => {
    process.stderr.write(`bench relay: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
