import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, RelayEvent, ServerToClientEvents } from '../../../common/relay/events.js'
import { createRelay, type Relay, type RelayDependencies } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { TEST_WECHAT_ENVIRONMENT } from './push-builder.js'

/** The admin password test relays bootstrap with. */
export const ADMIN_PASSWORD = 'correct horse battery'

/** A fresh temporary data directory; remove it with the returned function. */
export function temporaryDataDir(): { readonly dataDir: string; readonly remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-relay-'))
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) }
}

/**
 * Starts a real relay on 127.0.0.1:0 over `dataDir` (or the project's PostgreSQL), WeChat configured unless `environment` says otherwise,
 * with no WeChat sender unless `dependencies` gives one.
 */
export async function startTestRelay(
  dataDir: string,
  environment: Record<string, string | undefined> = TEST_WECHAT_ENVIRONMENT,
  dependencies: RelayDependencies = {},
): Promise<Relay> {
  const config = loadConfig({
    RELAY_PORT: '0',
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
    RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(await storeEnvironmentOfThisTest(dataDir)),
    ...environment,
  })
  // No sender unless a test brings one: a test relay must never reach the real WeChat API.
  return createRelay(config, { logger: createLogger({ level: 'silent' }), sender: null, ...dependencies })
}

/** Signs in through the REST API; answers the bearer token. */
export async function signIn(
  baseUrl: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { token: string }).token
}

/** A connected desktop: every event it received, by replay or live, in order. */
export interface TestAgent {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>
  readonly events: RelayEvent[]
  /** Resolves on `sync:caught-up` with its cursor. */
  readonly caughtUp: Promise<number>
  /** Resolves once an event with `seq >= seq` arrived (rejects after `timeoutMs`). */
  waitForSeq(seq: number, timeoutMs?: number): Promise<void>
  close(): void
}

/**
 * Connects a socket.io client with `{token, cursor, logId}` and records what arrives. A cursor above 0
 * counts seqs of one log: pass its id (`relay.store.events.id`), or the relay starts the client over.
 */
export function connectAgent(baseUrl: string, token: string, cursor = 0, logId?: string): TestAgent {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    auth: { token, cursor, ...(logId === undefined ? {} : { logId }) },
    transports: ['websocket'],
    reconnection: false,
  })
  const events: RelayEvent[] = []
  const waiters: { seq: number; resolve: () => void }[] = []
  const wake = (): void => {
    const last = events.at(-1)?.seq ?? 0
    for (const waiter of waiters.filter((entry) => entry.seq <= last)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  socket.on('events:replayed', (page) => {
    events.push(...page)
    wake()
  })
  socket.on('event:appended', (event) => {
    events.push(event)
    wake()
  })
  socket.on('events:appended', (batch) => {
    events.push(...batch)
    wake()
  })
  const caughtUp = new Promise<number>((resolve, reject) => {
    socket.once('sync:caught-up', (info) => resolve(info.cursor))
    socket.once('connect_error', reject)
  })
  return {
    socket,
    events,
    caughtUp,
    waitForSeq(seq, timeoutMs = 10_000) {
      if ((events.at(-1)?.seq ?? 0) >= seq) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event ${seq} within ${timeoutMs} ms`)), timeoutMs)
        waiters.push({
          seq,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          },
        })
      })
    },
    close: () => socket.close(),
  }
}

/** Answers the `connect_error` message of a refused handshake. */
export function refusalOf(baseUrl: string, auth: unknown): Promise<string> {
  const socket = io(baseUrl, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
  })
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.close()
      resolve(error.message)
    })
    socket.once('connect', () => {
      socket.close()
      reject(new Error('the relay accepted the socket'))
    })
  })
}
