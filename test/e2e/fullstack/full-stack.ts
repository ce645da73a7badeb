import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startBrowserShell } from '../../../main/browser-shell/start-browser-shell.js'
import { createRelay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { startWeChatSimulator } from '../../simulator/wechat-simulator.js'

/** The admin password the full stack bootstraps with. */
export const ADMIN_PASSWORD = 'full stack admin password'
/** The agent who works the console in the full-stack tests. */
export const AGENT = { username: 'mei', password: 'mei console password', displayName: 'Mei Chen' } as const
/** A supervisor, who may create team canned replies and tags. */
export const SUPERVISOR = {
  username: 'lin',
  password: 'lin console password',
  displayName: 'Lin Wang',
} as const

/**
 * The whole product on 127.0.0.1: a real relay in safe mode (token, appid, AES key) whose WeChat API is
 * the simulator, and the browser shell (a desktop core with its own data directory) serving the built
 * renderer with the relay pre-filled on its sign-in screen.
 */
export async function startFullStack() {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-fullstack-'))
  const simulator = await startWeChatSimulator({
    encodingAesKey: 'Kefu0FullStack0Safe0Mode0Aes0Key0abcdefghij',
  })
  const relay = await createRelay(
    loadConfig({
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: join(dir, 'relay'),
      RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      WECHAT_TOKEN: simulator.webhookToken,
      WECHAT_APPID: simulator.appId,
      WECHAT_APPSECRET: simulator.appSecret,
      WECHAT_ENCODING_AES_KEY: simulator.encodingAesKey ?? undefined,
      WECHAT_API_BASE: simulator.apiBase,
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  simulator.setRelayUrl(`${relay.url}/wechat`)
  await relay.auth.createUser('admin', { ...AGENT, role: 'agent' })
  await relay.auth.createUser('admin', { ...SUPERVISOR, role: 'supervisor' })
  const shell = await startBrowserShell({ dataDir: join(dir, 'desktop'), defaultRelayUrl: relay.url })

  const tokenOf = async (username: string, password: string): Promise<string> => {
    const response = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status}`)
    return ((await response.json()) as { token: string }).token
  }
  /** Calls the relay's REST API; throws unless it answers 2xx. */
  const api = async (token: string, method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${relay.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const answer: unknown = await response.json()
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`)
    return answer
  }

  return {
    simulator,
    relay,
    shell,
    tokenOf,
    api,
    /** Opens the console and signs in through the real sign-in screen (the relay URL is pre-filled). */
    async signIn(page: Page, user: { username: string; password: string } = AGENT): Promise<void> {
      await page.goto(shell.url)
      const relayField = page.getByTestId('relay-url')
      await relayField.waitFor()
      if ((await relayField.inputValue()) !== relay.url)
        throw new Error(`the sign-in screen offers ${await relayField.inputValue()}, not ${relay.url}`)
      await page.getByTestId('username').fill(user.username)
      await page.getByTestId('password').fill(user.password)
      await page.getByTestId('sign-in-submit').click()
      await page.getByTestId('inbox-list').or(page.getByTestId('inbox-empty')).first().waitFor()
    },
    async close(): Promise<void> {
      await shell.close()
      await relay.close()
      await simulator.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A running full stack. */
export type FullStack = Awaited<ReturnType<typeof startFullStack>>
