import { expect, test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { HANDSHAKE_ERRORS } from '../../../relay/hub/socket-hub.js'
import { buildPush, sendPush, textMessage, TEST_WECHAT_ENVIRONMENT } from './push-builder.js'
import { connectAgent, refusalOf, signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'

let relay: Relay
let removeDataDir: () => void

test.beforeEach(async () => {
  const temporary = temporaryDataDir()
  removeDataDir = temporary.remove
  relay = await startTestRelay(temporary.dataDir, TEST_WECHAT_ENVIRONMENT, { replayPageSize: 7 })
})

test.afterEach(async () => {
  await relay.close()
  removeDataDir()
})

let nextMsgId = 8_000_000_000_000_000_000n

async function pushMany(count: number, openId = 'o_sync'): Promise<void> {
  const pushes = Array.from({ length: count }, () =>
    buildPush(textMessage(openId, String(nextMsgId++), `m${nextMsgId}`, Math.floor(Date.now() / 1000)), {
      mode: 'safe',
    }),
  )
  const answers = await Promise.all(pushes.map((push) => sendPush(relay.url, push)))
  expect(answers.every((answer) => answer.text === 'success')).toBe(true)
}

function expectContiguous(seqs: readonly number[], from: number, to: number): void {
  expect(seqs).toEqual(Array.from({ length: to - from + 1 }, (_, index) => from + index))
}

test('sockets without a valid token or cursor are refused with a stable message', async () => {
  expect(await refusalOf(relay.url, { token: 'not-a-session', cursor: 0 })).toBe(
    HANDSHAKE_ERRORS.unauthorized,
  )
  expect(await refusalOf(relay.url, {})).toBe(HANDSHAKE_ERRORS.invalid)
  const token = await signIn(relay.url)
  expect(await refusalOf(relay.url, { token, cursor: -1 })).toBe(HANDSHAKE_ERRORS.invalid)
  expect(await refusalOf(relay.url, { token, cursor: '3' })).toBe(HANDSHAKE_ERRORS.invalid)
})

test('a desktop replays the log after its cursor in pages, then follows live, with no gap and no duplicate', async () => {
  const token = await signIn(relay.url)
  await pushMany(30)
  const agent = connectAgent(relay.url, token, 4, relay.store.logId)
  // Pushes race the replay: each must arrive exactly once, by replay or live.
  const racing = pushMany(25)
  expect(await agent.caughtUp).toBeGreaterThanOrEqual(30)
  await racing
  await agent.waitForSeq(55)
  expectContiguous(
    agent.events.map((event) => event.seq),
    5,
    55,
  )
  expect(agent.events.every((event) => event.type === 'message.created')).toBe(true)
  agent.close()
})

test('a desktop offline while the log grows reconnects with its cursor and misses nothing', async () => {
  const token = await signIn(relay.url)
  const first = connectAgent(relay.url, token, 0)
  await first.caughtUp
  await pushMany(10)
  await first.waitForSeq(10)
  const cursor = first.events.at(-1)!.seq
  first.close()

  await pushMany(40, 'o_other')
  const second = connectAgent(relay.url, token, cursor, relay.store.logId)
  const racing = pushMany(10)
  await second.caughtUp
  await racing
  await second.waitForSeq(60)
  expectContiguous(
    [...first.events, ...second.events].map((event) => event.seq),
    1,
    60,
  )
  const metrics = await (await fetch(`${relay.url}/metrics`)).text()
  expect(metrics).toMatch(/kefu_relay_agents_connected 1/)
  second.close()
})

test('socket message:send stores a pending message idempotently and fails it plainly without a WeChat sender', async () => {
  const token = await signIn(relay.url)
  await pushMany(1, 'o_reply')
  const agent = connectAgent(relay.url, token, 0)
  await agent.caughtUp
  const request = {
    conversationId: 'o_reply',
    clientMessageId: 'client-0001',
    body: { type: 'text', text: 'Hi!' },
  }
  const first = await agent.socket.emitWithAck('message:send', request as never)
  const again = await agent.socket.emitWithAck('message:send', request as never)
  expect(first.ok && again.ok).toBe(true)
  if (!first.ok || !again.ok) return
  expect(again.value.id).toBe(first.value.id)
  expect(again.value.status).toBe('failed')
  expect(again.value.failure?.code).toBe('not_configured')
  const invalid = await agent.socket.emitWithAck('message:send', { conversationId: 'o_reply' } as never)
  expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid' } })
  const unknown = await agent.socket.emitWithAck('message:send', {
    ...request,
    conversationId: 'o_nobody',
  } as never)
  expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
  await agent.waitForSeq(3)
  expect(agent.events.map((event) => event.type)).toEqual([
    'message.created',
    'message.created',
    'message.updated',
  ])
  agent.close()
})
