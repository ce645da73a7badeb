import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { startBrowserShell } from '../main/browser-shell/start-browser-shell.js'
import { createRelay, type Relay } from '../relay/app.js'
import type { AutoReplyRules } from '../common/relay/auto-reply-rules.js'
import { loadConfig } from '../relay/config.js'
import { createLogger } from '../relay/logger.js'
import { startWeChatSimulator, type WeChatSimulator } from '../test/simulator/wechat-simulator.js'
import { runDemoFollowers } from './demo-followers.js'
import { seedDemo } from './demo-seed.js'

/**
 * `npm start`: the whole product on one machine. Without WECHAT_* credentials it runs the relay on
 * the WeChat simulator with followers chatting; with them, the relay on the real account. Then the
 * console opens (Electron where its binary exists, else the browser shell).
 */

const hasCredentials = ['WECHAT_APPID', 'WECHAT_APPSECRET', 'WECHAT_TOKEN'].some(
  (name) => (process.env[name] ?? '') !== '',
)
const demoDir = mkdtempSync(join(tmpdir(), 'kefu-demo-'))
const password = () => randomBytes(6).toString('base64url')
const adminPassword = process.env['RELAY_ADMIN_PASSWORD'] ?? `admin-${password()}`

const demoRules: AutoReplyRules = {
  welcome: {
    defaultText: '感谢关注 Kefu 演示店！直接留言即可联系客服。Thanks for following — just write to us.',
    byScene: {
      spring_sale: '欢迎参加春季促销 🌸 优惠券已发放到您的账户。Welcome to the spring sale!',
      store_qr_beijing: '欢迎来自北京门店的朋友！Welcome, Beijing store visitor!',
    },
  },
  menu: {
    MENU_HOURS: '客服时间：周一至周五 9:00–18:00。We answer Monday to Friday, 9:00–18:00.',
    MENU_ORDER: '查询订单请直接发送订单号。Send your order number to check an order.',
  },
  keywords: [
    { match: 'exact', keyword: '退款', text: '退款请回复订单号和原因，客服会尽快处理。' },
    {
      match: 'contains',
      keyword: 'invoice',
      text: 'Invoices are under Orders → Invoice in our mini program.',
    },
  ],
  offHours: {
    isEnabled: false,
    timeZone: 'Asia/Shanghai',
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    text: '现在是非工作时间，我们会尽快回复。We are away and will answer soon.',
    cooldownMinutes: 60,
  },
}

let simulator: WeChatSimulator | null = null
let seeded: Awaited<ReturnType<typeof seedDemo>> | null = null
const environment: Record<string, string | undefined> = {
  ...process.env,
  RELAY_PORT: process.env['RELAY_PORT'] ?? '0',
  RELAY_DATA_DIR: process.env['RELAY_DATA_DIR'] ?? join(demoDir, 'relay'),
  RELAY_ADMIN_PASSWORD: adminPassword,
}
if (!hasCredentials) {
  simulator = await startWeChatSimulator({
    encodingAesKey: randomBytes(32)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'A')
      .slice(0, 43),
  })
  Object.assign(environment, {
    WECHAT_TOKEN: simulator.webhookToken,
    WECHAT_APPID: simulator.appId,
    WECHAT_APPSECRET: simulator.appSecret,
    WECHAT_ENCODING_AES_KEY: simulator.encodingAesKey ?? undefined,
    WECHAT_API_BASE: simulator.apiBase,
  })
}

const relay: Relay = await createRelay(loadConfig(environment), {
  logger: createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' }),
})
simulator?.setRelayUrl(`${relay.url}/wechat`)

const users = [
  { username: 'lin', role: 'supervisor', displayName: '林主管 Lin', kfAccount: 'lin@kefudemo' },
  { username: 'mei', role: 'agent', displayName: '小美 Mei', kfAccount: 'mei@kefudemo' },
  { username: 'tom', role: 'agent', displayName: 'Tom', kfAccount: 'tom@kefudemo' },
] as const
const credentials: { username: string; role: string; password: string }[] = [
  { username: 'admin', role: 'admin', password: adminPassword },
]
if (!hasCredentials) {
  for (const user of users) {
    const userPassword = `${user.username}-${password()}`
    await relay.auth.createUser('admin', { ...user, password: userPassword })
    credentials.push({ username: user.username, role: user.role, password: userPassword })
  }
  const session = await relay.auth.signIn('admin', adminPassword)
  const saved = await fetch(`${relay.url}/api/auto-replies`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoRules),
  })
  if (saved.status !== 200) console.warn(`auto-replies not set up: ${saved.status} ${await saved.text()}`)
  const supervisor = await relay.auth.signIn(
    'lin',
    credentials.find((entry) => entry.username === 'lin')!.password,
  )
  seeded = await seedDemo(relay.url, supervisor.token)
  for (const problem of seeded.problems) console.warn(`demo data not set up: ${problem}`)
}

// The console: Electron where its binary exists, otherwise the same core behind the browser shell.
// Never `require('electron')` here: its index tries to download the binary when it is missing.
const root = process.cwd()
const electronDir = join(root, 'node_modules', 'electron')
const electronPathFile = join(electronDir, 'path.txt')
const electronBinary = existsSync(electronPathFile)
  ? join(electronDir, 'dist', readFileSync(electronPathFile, 'utf8').trim())
  : null
const isElectronRunnable = electronBinary !== null && existsSync(electronBinary)

/** The newest modification time under `path` (files and folders), bounded in depth. */
function newestChange(path: string, depth = 8): number {
  if (!existsSync(path)) return 0
  const stats = statSync(path)
  if (!stats.isDirectory() || depth === 0) return stats.mtimeMs
  let newest = stats.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry), depth - 1))
  return newest
}

// A fresh clone has no renderer/dist, and a pulled one may hold an old build: build when stale.
const builtAt = newestChange(join(root, 'renderer', 'dist', 'index.html'))
const sourcesAt = Math.max(
  newestChange(join(root, 'renderer', 'src')),
  newestChange(join(root, 'renderer', 'index.html')),
  newestChange(join(root, 'common')),
)
if (builtAt === 0 || builtAt < sourcesAt) {
  console.log('Building the console (renderer)…')
  const built = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  )
  if (built.status !== 0) {
    console.error('The renderer did not build; see the errors above.')
    process.exit(1)
  }
}
const shell = await startBrowserShell({
  port: Number(process.env['KEFU_PORT'] ?? 0),
  host: '127.0.0.1',
  dataDir: join(demoDir, 'desktop'),
  defaultRelayUrl: relay.url,
})

/** Builds and launches the Electron app on the demo relay; null when it cannot start. */
async function launchElectron(binary: string): Promise<ChildProcess | null> {
  try {
    const { rebuildNativeForElectron } = await import('../main/electron/rebuild-native.js')
    rebuildNativeForElectron(root)
  } catch (error) {
    console.warn(`  The Electron app needs better-sqlite3 built for Electron, which failed: ${String(error)}`)
    return null
  }
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) return null
  const app = spawn(binary, ['.', `--user-data-dir=${join(demoDir, 'electron')}`], {
    stdio: 'inherit',
    env: { ...process.env, KEFU_RELAY_URL: relay.url, ELECTRON_RENDERER_URL: '' },
  })
  return await new Promise<ChildProcess | null>((resolve) => {
    app.once('spawn', () => resolve(app))
    app.once('error', (error) => {
      console.warn(`  The Electron app did not start: ${error.message}`)
      resolve(null)
    })
  })
}
const electronApp = isElectronRunnable ? await launchElectron(electronBinary) : null

console.log('')
console.log(
  hasCredentials
    ? 'Kefu on your WeChat account'
    : 'Kefu demo on the WeChat simulator (no WECHAT_* credentials set)',
)
console.log(`  relay:    ${relay.url}`)
if (simulator !== null) console.log(`  simulator WeChat API: ${simulator.apiBase}`)
console.log(
  electronApp !== null
    ? '  The Kefu app is open on this relay; the same console is in your browser too:'
    : isElectronRunnable
      ? '  The Electron app could not start (see above), so the console is served to your browser instead.'
      : '  No Electron binary can run on this machine, so the console is served to your browser instead.',
)
console.log(`  console:  ${shell.url}   (sign in to ${relay.url}, already filled in)`)
console.log('  users:')
for (const entry of credentials)
  console.log(`    ${entry.username.padEnd(6)} ${entry.role.padEnd(10)} ${entry.password}`)
console.log('  Ctrl+C stops everything.\n')

const stop = new AbortController()
const chatter =
  simulator === null
    ? Promise.resolve()
    : runDemoFollowers(simulator, {
        signal: stop.signal,
        onStep: (line) => console.log(line),
        onJoined: async (index, openId) => {
          await seeded?.onJoined(index, openId)
          for (const problem of seeded?.problems.splice(0) ?? []) console.warn(`demo data: ${problem}`)
        },
      })

let isStopping = false
// Quitting the app ends the demo, as Ctrl+C does.
electronApp?.once('exit', () => process.kill(process.pid, 'SIGTERM'))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (isStopping) return
    isStopping = true
    stop.abort()
    electronApp?.kill()
    void (async () => {
      await chatter
      await shell.close()
      await relay.close()
      await simulator?.close()
      rmSync(demoDir, { recursive: true, force: true })
      process.exit(0)
    })()
  })
}
