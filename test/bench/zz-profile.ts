import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDesktopCore } from '../../main/core/desktop-core.js'
import { createFileSecretStore } from '../../main/core/session/file-secret-store.js'
import { createRelay } from '../../relay/app.js'
import { loadConfig } from '../../relay/config.js'
import { createLogger } from '../../relay/logger.js'

const relayDir = process.argv[2]!
const relay = await createRelay(
  loadConfig({ RELAY_PORT: '0', RELAY_HOST: '127.0.0.1', RELAY_DATA_DIR: relayDir, RELAY_ADMIN_PASSWORD: 'bench admin password' }),
  { logger: createLogger({ level: 'silent' }) },
)
const dataDir = mkdtempSync(join(tmpdir(), 'kefu-prof-'))
const core = createDesktopCore({ dataDir, secretStore: createFileSecretStore(join(dataDir, 's.json')) })
const live = new Promise<void>((resolve) => core.listen({ push: (c, p) => c === 'connection:changed' && (p as { state: string }).state === 'live' && resolve() }))
const started = performance.now()
const c0 = process.cpuUsage()
await core.signIn({ relayUrl: relay.url, username: 'admin', password: 'bench admin password' })
await live
const cpu = process.cpuUsage(c0)
console.log('elapsed', performance.now() - started, 'cpu (both)', (cpu.user + cpu.system) / 1000, core.replica()!.counts())
core.close()
await relay.close()
