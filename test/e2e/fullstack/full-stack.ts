import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startBrowserShell, type BrowserShell } from '../../../main/browser-shell/start-browser-shell.js'
import type { Role } from '../../../common/domain/user.js'
import { createRelay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { startWeChatSimulator } from '../../simulator/wechat-simulator.js'
import { startCuttableProxy } from '../../integration/main/desktop-fixture.js'

/** The admin password the full stack bootstraps with. */
export const ADMIN_PASSWORD = 'full stack admin password'
/** The admin the relay creates on first start. */
export const ADMIN = { username: 'admin', password: ADMIN_PASSWORD, displayName: 'admin' } as const
/** The agent who works the console in the full-stack tests. */
export const AGENT = { username: 'mei', password: 'mei console password', displayName: 'Mei Chen' } as const
/** A supervisor, who may create team canned replies and tags. */
export const SUPERVISOR = {
  username: 'lin',
  password: 'lin console password',
  displayName: 'Lin Wang',
} as const

/** Someone who can sign in. */
export interface Person {
  readonly username: string
  readonly password: string
  readonly displayName: string
}

/** One desktop: a browser shell (a desktop core with its own data directory) serving the renderer. */
export interface Desktop {
  readonly shell: BrowserShell
  readonly url: string
  /** The relay URL this desktop signs in to: the relay's, or a proxy in front of it. */
  readonly relayUrl: string
  /** Cuts this desktop's connection to the relay, and lets it through again (cuttable desktops only). */
  readonly link: { cut(): void; restore(): void } | null
  /** Opens the console and signs in through the real sign-in screen (the relay URL is pre-filled). */
  signIn(page: Page, user?: Person): Promise<void>
  close(): Promise<void>
}

/**
 * A real relay in safe mode (token, appid, AES key) whose WeChat API is the simulator, on 127.0.0.1.
 * One per test file: each test makes its own followers, people and desktops, so tests in a file share
 * the relay without seeing each other's work. `env` adds relay settings (RELAY_WINDOW_*_QUOTA…).
 */
export async function startRelayStack(env: Readonly<Record<string, string>> = {}) {
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
      ...env,
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  simulator.setRelayUrl(`${relay.url}/wechat`)
  const desktops = new Set<Desktop>()
  let people = 0
  let desktopCount = 0

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
    tokenOf,
    api,
    /** Creates a user whose username is new to this relay (`bo-3`), shown as `displayName`. */
    async createPerson(role: Role, displayName: string): Promise<Person> {
      people += 1
      const first =
        displayName
          .split(' ')[0]!
          .toLowerCase()
          .replace(/[^a-z]/g, '') || 'user'
      const person = {
        username: `${first}-${people}`,
        password: `${first} console password ${people}`,
        displayName,
      }
      await relay.auth.createUser(ADMIN.username, { ...person, role })
      return person
    },
    /** Adds a user with a fixed username (the first of a file's relay only). */
    async createNamed(person: Person, role: Role): Promise<Person> {
      await relay.auth.createUser(ADMIN.username, { ...person, role })
      return person
    },
    /**
     * Starts a desktop with a data directory of its own. A cuttable one reaches the relay through a
     * TCP proxy the test can cut, as a lost network would, and restore.
     */
    async openDesktop(options: { isCuttable?: boolean } = {}): Promise<Desktop> {
      desktopCount += 1
      const proxy =
        options.isCuttable === true ? await startCuttableProxy(Number(new URL(relay.url).port)) : null
      const relayUrl = proxy?.url ?? relay.url
      const shell = await startBrowserShell({
        dataDir: join(dir, `desktop-${desktopCount}`),
        defaultRelayUrl: relayUrl,
      })
      const desktop: Desktop = {
        shell,
        url: shell.url,
        relayUrl,
        link: proxy,
        async signIn(page, user = AGENT) {
          await page.goto(shell.url)
          const relayField = page.getByTestId('relay-url')
          await relayField.waitFor()
          if ((await relayField.inputValue()) !== relayUrl)
            throw new Error(`the sign-in screen offers ${await relayField.inputValue()}, not ${relayUrl}`)
          await page.getByTestId('username').fill(user.username)
          await page.getByTestId('password').fill(user.password)
          await page.getByTestId('sign-in-submit').click()
          await page.locator('[data-testid="connection"][data-state="live"]').waitFor()
        },
        async close() {
          desktops.delete(desktop)
          await shell.close()
          await proxy?.close()
        },
      }
      desktops.add(desktop)
      return desktop
    },
    /** Closes every desktop still open (a test's afterEach). */
    async closeDesktops(): Promise<void> {
      for (const desktop of [...desktops]) await desktop.close()
    },
    async close(): Promise<void> {
      for (const desktop of [...desktops]) await desktop.close()
      await relay.close()
      await simulator.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A running relay stack. */
export type RelayStack = Awaited<ReturnType<typeof startRelayStack>>

/**
 * The whole product on 127.0.0.1 with one desktop and the agent and supervisor above: a relay stack
 * whose sign-in screen is the one desktop's.
 */
export async function startFullStack() {
  const stack = await startRelayStack()
  await stack.createNamed(AGENT, 'agent')
  await stack.createNamed(SUPERVISOR, 'supervisor')
  const desktop = await stack.openDesktop()
  return { ...stack, shell: desktop.shell, signIn: desktop.signIn }
}

/** A running full stack. */
export type FullStack = Awaited<ReturnType<typeof startFullStack>>
