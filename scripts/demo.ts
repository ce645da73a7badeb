import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { startBrowserShell } from '../main/browser-shell/start-browser-shell.js'
import { createRelay, type Relay } from '../relay/app.js'
import type { AutoReplyRules } from '../relay/auto-replies/auto-reply-rules.js'
import { loadConfig } from '../relay/config.js'
import { createLogger } from '../relay/logger.js'
import { startWeChatSimulator, type WeChatSimulator } from '../test/simulator/wechat-simulator.js'
import { runDemoFollowers } from './demo-followers.js'

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
    await relay.auth.createUser({ ...user, password: userPassword })
    credentials.push({ username: user.username, role: user.role, password: userPassword })
  }
  const session = await relay.auth.signIn('admin', adminPassword)
  const saved = await fetch(`${relay.url}/api/auto-replies`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoRules),
  })
  if (saved.status !== 200) console.warn(`auto-replies not set up: ${saved.status} ${await saved.text()}`)
}

// The console: Electron where its binary exists, otherwise the same core behind the browser shell.
// Never `require('electron')` here: its index tries to download the binary when it is missing.
const electronDir = join(process.cwd(), 'node_modules', 'electron')
const electronPathFile = join(electronDir, 'path.txt')
const isElectronRunnable =
  existsSync(electronPathFile) &&
  existsSync(join(electronDir, 'dist', readFileSync(electronPathFile, 'utf8').trim()))
if (!existsSync(join(process.cwd(), 'renderer', 'dist', 'index.html'))) {
  console.log('Building the console (renderer) once…')
  spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  })
}
const shell = await startBrowserShell({
  port: Number(process.env['KEFU_PORT'] ?? 0),
  host: '127.0.0.1',
  dataDir: join(demoDir, 'desktop'),
})

console.log('')
console.log(
  hasCredentials
    ? 'Kefu on your WeChat account'
    : 'Kefu demo on the WeChat simulator (no WECHAT_* credentials set)',
)
console.log(`  relay:    ${relay.url}`)
if (simulator !== null) console.log(`  simulator WeChat API: ${simulator.apiBase}`)
console.log(
  isElectronRunnable
    ? '  The Electron app can run here: `npm run build && npx electron .`; the browser console is below too.'
    : '  No Electron binary can run on this machine, so the console is served to your browser instead.',
)
console.log(`  console:  ${shell.url}   (relay address to sign in with: ${relay.url})`)
console.log('  users:')
for (const entry of credentials)
  console.log(`    ${entry.username.padEnd(6)} ${entry.role.padEnd(10)} ${entry.password}`)
console.log('  Ctrl+C stops everything.\n')

const stop = new AbortController()
const chatter =
  simulator === null
    ? Promise.resolve()
    : runDemoFollowers(simulator, { signal: stop.signal, onStep: (line) => console.log(line) })

let isStopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (isStopping) return
    isStopping = true
    stop.abort()
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
