import { createInterface } from 'node:readline'
import { createRelay } from '../../relay/app.js'
import { loadConfig } from '../../relay/config.js'
import { createLogger } from '../../relay/logger.js'

/**
 * The relay of the desktop benchmark, in its own process as in a deployment (relay and desktop are two
 * machines): serves the seeded data folder given as the first argument, prints one JSON line
 * `{url, head}`, and stops when its parent closes stdin, printing `{cpuMs}` it used meanwhile.
 */
export async function runBenchRelay(dataDir: string, adminPassword: string): Promise<void> {
  const relay = await createRelay(
    loadConfig({
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: adminPassword,
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  process.stdout.write(`${JSON.stringify({ url: relay.url, head: relay.store.events.head() })}\n`)
  const started = process.cpuUsage()
  // The parent's end of stdin closing, not a signal, is the stop: it also fires when the parent dies.
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('close', resolve))
  const used = process.cpuUsage(started)
  // The CPU the relay spent while serving, so a figure taken on a busy machine can still be compared.
  process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000 })}\n`)
  await relay.close()
}

const [dataDir, adminPassword] = process.argv.slice(2)
if (dataDir !== undefined && adminPassword !== undefined) {
  runBenchRelay(dataDir, adminPassword).catch((error: unknown) => {
    process.stderr.write(`bench relay: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
