import { resolve } from 'node:path'
import { startBrowserShell } from './start-browser-shell.js'

/**
 * `npm run start:browser`: the console in a browser, backed by the same main-process core.
 * KEFU_DATA_DIR (default `.kefu-desktop`, apart from the relay's `.kefu-data`), KEFU_PORT (default any free port), KEFU_HOST (loopback),
 * KEFU_RELAY_URL (the relay the sign-in screen offers).
 */
const port = Number(process.env['KEFU_PORT'] ?? 0)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`KEFU_PORT must be a port number, got "${process.env['KEFU_PORT']}"`)
  process.exit(2)
}
const relayUrl = (process.env['KEFU_RELAY_URL'] ?? '').trim()
if (relayUrl !== '' && !/^https?:\/\/[^/\s]+/.test(relayUrl)) {
  console.error(`KEFU_RELAY_URL must be an http(s) address, got "${relayUrl}"`)
  process.exit(2)
}
const shell = await startBrowserShell({
  port,
  host: process.env['KEFU_HOST'] ?? '127.0.0.1',
  dataDir: resolve(process.env['KEFU_DATA_DIR'] ?? '.kefu-desktop'),
  ...(relayUrl === '' ? {} : { defaultRelayUrl: relayUrl }),
})
console.log(`Kefu is running at ${shell.url}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void shell.close().then(() => process.exit(0))
  })
}
