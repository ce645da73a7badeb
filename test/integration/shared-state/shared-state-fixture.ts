import type { Conversation } from '../../../common/domain/conversation.js'
import type { Role, User } from '../../../common/domain/user.js'
import type { ClientToServerEvents, CommandResult } from '../../../common/relay/events.js'
import type { Relay, RelayDependencies } from '../../../relay/app.js'
import { buildPush, sendPush, textMessage, TEST_WECHAT_ENVIRONMENT } from '../relay/push-builder.js'
import {
  connectAgent,
  signIn,
  startTestRelay,
  temporaryDataDir,
  type TestAgent,
} from '../relay/relay-fixture.js'

/** A JSON answer of the REST API. */
export interface ApiAnswer<T = unknown> {
  readonly status: number
  readonly body: T
}

/** A relay for one test, with its data directory removed on `close`. */
export interface SharedStateRelay {
  readonly relay: Relay
  readonly adminToken: string
  close(): Promise<void>
}

/** Starts a real relay on port 0 over a temporary directory and signs the admin in. */
export async function startSharedStateRelay(dependencies: RelayDependencies = {}): Promise<SharedStateRelay> {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, dependencies)
  const adminToken = await signIn(relay.url)
  return {
    relay,
    adminToken,
    async close() {
      await relay.close()
      remove()
    },
  }
}

/** Calls the REST API with a bearer token. */
export async function call<T = unknown>(
  relay: Relay,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${relay.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T }
}

/** Creates a user (and puts them in `teamId`), answering their token. */
export async function createUser(
  context: SharedStateRelay,
  username: string,
  role: Role,
  teamId: string | null = null,
): Promise<string> {
  const password = `${username}-password`
  const created = await call(context.relay, context.adminToken, 'POST', '/api/users', {
    username,
    password,
    role,
  })
  if (created.status !== 201)
    throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`)
  if (teamId !== null) {
    const patched = await call<User>(context.relay, context.adminToken, 'PATCH', `/api/users/${username}`, {
      teamId,
    })
    if (patched.status !== 200) throw new Error(`team of ${username}: ${patched.status}`)
  }
  return signIn(context.relay.url, username, password)
}

let nextMsgId = 7_100_000_000_000_000_000n

/** A follower writes through the real webhook; answers the conversation after the push. */
export async function followerWrites(
  relay: Relay,
  openId: string,
  text = 'hello',
  secondsAgo = 0,
): Promise<Conversation> {
  const createTime = Math.floor(Date.now() / 1000) - secondsAgo
  const push = buildPush(textMessage(openId, String(nextMsgId++), text, createTime), {
    mode: 'safe',
  })
  const answer = await sendPush(relay.url, push)
  if (answer.text !== 'success') throw new Error(`webhook answered ${answer.status} ${answer.text}`)
  const conversation = await relay.store.conversations.get(openId)
  if (conversation === null) throw new Error(`no conversation ${openId}`)
  return conversation
}

/** Sends a socket command and resolves with its ack. */
export function emitCommand<E extends keyof ClientToServerEvents, T>(
  agent: TestAgent,
  event: E,
  request: Parameters<ClientToServerEvents[E]>[0],
): Promise<CommandResult<T>> {
  const socket = agent.socket as unknown as {
    timeout(ms: number): { emitWithAck(name: string, payload: unknown): Promise<CommandResult<T>> }
  }
  return socket.timeout(10_000).emitWithAck(event, request)
}

/** Connects a desktop and waits until it caught up with the log. */
export async function connectDesktop(relay: Relay, token: string): Promise<TestAgent> {
  const agent = connectAgent(relay.url, token, 0)
  await agent.caughtUp
  return agent
}

/** Resolves with the first value of `event` on the socket that satisfies `matches` (rejects after a timeout). */
export function nextOf<T>(
  agent: TestAgent,
  event: string,
  matches: (value: T) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<T> {
  const socket = agent.socket as unknown as {
    on(name: string, listener: (value: T) => void): void
    off(name: string, listener: (value: T) => void): void
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener)
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`))
    }, timeoutMs)
    const listener = (value: T): void => {
      if (!matches(value)) return
      clearTimeout(timer)
      socket.off(event, listener)
      resolve(value)
    }
    socket.on(event, listener)
  })
}

/** Resolves once the desktop received a relay event satisfying `matches`, by replay or live. */
export async function eventMatching(
  agent: TestAgent,
  matches: (event: TestAgent['events'][number]) => boolean,
  timeoutMs = 5_000,
): Promise<TestAgent['events'][number]> {
  const found = agent.events.find(matches)
  if (found !== undefined) return found
  // A commit of several events arrives as one `events:appended`; whichever carries the match first wins.
  return Promise.race([
    nextOf(agent, 'event:appended', matches, timeoutMs),
    nextOf<readonly TestAgent['events'][number][]>(
      agent,
      'events:appended',
      (events) => events.some(matches),
      timeoutMs,
    ).then((events) => events.find(matches)!),
  ])
}
