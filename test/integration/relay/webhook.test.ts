import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { MessagePage } from '../../../common/relay/events.js'
import type { Relay } from '../../../relay/app.js'
import { signatureOf } from '../../../relay/wechat/signature.js'
import {
  buildPush,
  eventPush,
  sendPush,
  TEST_WECHAT,
  TEST_WECHAT_ENVIRONMENT,
  textMessage,
  type BuiltPush,
} from './push-builder.js'
import { signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'
import { storedRowCount } from '../../support/store-rows.js'

let relay: Relay
let removeDataDir: () => void
let dataDir: string

test.beforeEach(async () => {
  const temporary = temporaryDataDir()
  dataDir = temporary.dataDir
  removeDataDir = temporary.remove
  relay = await startTestRelay(dataDir)
})

test.afterEach(async () => {
  await relay.close()
  removeDataDir()
})

/** The push with the first 8 characters of its Encrypt changed: msg_signature no longer covers it. */
function tampered(body: string): string {
  const changed = body.replace(
    /(<Encrypt><!\[CDATA\[)([A-Za-z0-9+/]{8})/,
    (_whole, start: string, head: string) => `${start}${head === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}`,
  )
  if (changed === body) throw new Error('no Encrypt to tamper with')
  return changed
}

async function messagesOf(openId: string): Promise<MessagePage> {
  const token = await signIn(relay.url)
  const response = await fetch(`${relay.url}/api/conversations/${openId}/messages?limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as MessagePage
}

async function storedCounts(): Promise<{ messages: number; events: number; dedupeKeys: number }> {
  const count = (table: string): Promise<number> => storedRowCount(relay.store, table)
  return {
    messages: await count('messages'),
    events: await count('events'),
    dedupeKeys: await count('inbound_pushes'),
  }
}

test('with WECHAT_ACCEPT_PLAINTEXT, plaintext, compatible and safe pushes, XML and JSON, are all stored', async () => {
  // An account switching modes: the operator opted in to plaintext next to the key.
  await relay.close()
  relay = await startTestRelay(dataDir, { ...TEST_WECHAT_ENVIRONMENT, WECHAT_ACCEPT_PLAINTEXT: 'true' })
  const pushes: BuiltPush[] = [
    buildPush(textMessage('o_follower_a', '6054768590064713728', 'plain'), { mode: 'plaintext' }),
    buildPush(textMessage('o_follower_a', '6054768590064713729', 'compatible'), { mode: 'compatible' }),
    buildPush(textMessage('o_follower_a', '6054768590064713730', 'safe'), { mode: 'safe' }),
    buildPush(textMessage('o_follower_a', '6054768590064713731', 'safe json'), {
      mode: 'safe',
      format: 'json',
    }),
    buildPush(textMessage('o_follower_a', '6054768590064713732', 'plain json'), {
      mode: 'plaintext',
      format: 'json',
    }),
  ]
  for (const push of pushes) expect(await sendPush(relay.url, push)).toEqual({ status: 200, text: 'success' })

  const page = await messagesOf('o_follower_a')
  expect(page.messages.map((message) => message.body)).toEqual(
    ['plain json', 'safe json', 'safe', 'compatible', 'plain'].map((text) => ({ type: 'text', text })),
  )
  // MsgId keeps every digit: it exceeds 2^53.
  expect(page.messages.at(-1)!.wechatMsgId).toBe('6054768590064713728')
  const conversation = (await relay.store.conversations.get('o_follower_a'))!
  expect(conversation.unansweredCount).toBe(5)
  expect(conversation.lastMessage?.text).toBe('plain json')
  expect(conversation.windowHistory.lastOpenedAt.message).toBe(1_714_000_000_000)
  const metrics = await (await fetch(`${relay.url}/metrics`)).text()
  expect(metrics).toMatch(/kefu_relay_pushes_received_total\{mode="safe"\} 2/)
  expect(metrics).toMatch(/kefu_relay_pushes_received_total\{mode="compatible"\} 1/)
})

test('a push encrypted with the previous EncodingAESKey is still taken during a rotation', async () => {
  const push = buildPush(textMessage('o_rotation', '1001', 'old key'), {
    mode: 'safe',
    encodingAesKey: TEST_WECHAT.previousEncodingAesKey,
  })
  expect(await sendPush(relay.url, push)).toEqual({ status: 200, text: 'success' })
  expect((await messagesOf('o_rotation')).messages).toHaveLength(1)
})

test('WeChat retries of the same MsgId answer success and are stored once, even across a restart', async () => {
  const fields = textMessage('o_retry', '7000000000000000001', 'hello once')
  // Each retry is signed anew (fresh nonce and timestamp): dedupe is on message identity, not the query.
  const deliveries = [1, 2, 3].map(() => buildPush(fields, { mode: 'safe' }))
  const answers = await Promise.all(deliveries.slice(0, 2).map((push) => sendPush(relay.url, push)))
  expect(answers).toEqual([
    { status: 200, text: 'success' },
    { status: 200, text: 'success' },
  ])

  await relay.close()
  relay = await startTestRelay(dataDir)
  expect(await sendPush(relay.url, deliveries[2]!)).toEqual({ status: 200, text: 'success' })
  expect((await messagesOf('o_retry')).messages).toHaveLength(1)
  expect((await storedCounts()).events).toBe(1)
  expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/kefu_relay_pushes_deduplicated_total 1/)
})

test('events without MsgId dedupe on sender, time, event and key, so two events in one second stay apart', async () => {
  const subscribe = eventPush('o_events', 'subscribe', { EventKey: 'qrscene_spring_campaign', Ticket: 'T1' })
  const location = eventPush('o_events', 'LOCATION', {
    Latitude: '23.1',
    Longitude: '113.3',
    Precision: '119',
  })
  for (const push of [subscribe, subscribe, location]) {
    expect(await sendPush(relay.url, buildPush(push, { mode: 'safe' }))).toEqual({
      status: 200,
      text: 'success',
    })
  }
  const page = await messagesOf('o_events')
  expect(page.messages.map((message) => message.body.type === 'event' && message.body.event)).toEqual([
    'location',
    'subscribe',
  ])
  const conversation: Conversation = (await relay.store.conversations.get('o_events'))!
  expect(conversation.sourceScene).toBe('spring_campaign')
  expect(conversation.followState).toBe('subscribed')
  expect(conversation.windowHistory.lastOpenedAt.event).toBe(1_714_000_000_000)
  // A location report is history, not news: the inbox preview still shows the follow.
  expect(conversation.lastMessage).toMatchObject({ type: 'event', text: 'subscribe' })
})

test('unsubscribe marks the follower unsubscribed and closes the window, deleting nothing', async () => {
  await sendPush(relay.url, buildPush(textMessage('o_leaving', '501', 'bye'), { mode: 'safe' }))
  await sendPush(
    relay.url,
    buildPush(eventPush('o_leaving', 'unsubscribe', {}, 1_714_000_100), { mode: 'safe' }),
  )
  const conversation = (await relay.store.conversations.get('o_leaving'))!
  expect(conversation.followState).toBe('unsubscribed')
  expect(conversation.windowHistory.isUnsubscribed).toBe(true)
  expect((await messagesOf('o_leaving')).messages).toHaveLength(2)
})

test('a follower message on a resolved ticket opens a new ticket', async () => {
  await sendPush(relay.url, buildPush(textMessage('o_ticket', '601', 'first'), { mode: 'safe' }))
  const first = (await relay.store.conversations.get('o_ticket'))!
  await relay.store.conversations.save({ ...first, status: 'resolved', version: first.version + 1 })
  await sendPush(
    relay.url,
    buildPush(textMessage('o_ticket', '602', 'again', 1_714_000_500), { mode: 'safe' }),
  )
  const reopened = (await relay.store.conversations.get('o_ticket'))!
  expect(reopened.status).toBe('open')
  expect(reopened.ticketNumber).toBe(first.ticketNumber + 1)
})

test('a relay started with RELAY_RESOLVED_TICKET=reopen reopens the resolved ticket instead', async () => {
  const { dataDir: reopenDir, remove } = temporaryDataDir()
  const reopening = await startTestRelay(reopenDir, {
    ...TEST_WECHAT_ENVIRONMENT,
    RELAY_RESOLVED_TICKET: 'reopen',
  })
  try {
    await sendPush(reopening.url, buildPush(textMessage('o_same', '611', 'first'), { mode: 'safe' }))
    const first = (await reopening.store.conversations.get('o_same'))!
    await reopening.store.conversations.save({ ...first, status: 'resolved', version: first.version + 1 })
    await sendPush(
      reopening.url,
      buildPush(textMessage('o_same', '612', 'again', 1_714_000_500), { mode: 'safe' }),
    )
    expect(await reopening.store.conversations.get('o_same')).toMatchObject({
      status: 'open',
      ticketNumber: first.ticketNumber,
    })
  } finally {
    await reopening.close()
    remove()
  }
})

test('GET verification answers echostr verbatim when the signature holds and is fresh, 401 otherwise', async () => {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = '1514711492'
  const signature = signatureOf([TEST_WECHAT.token, timestamp, nonce])
  const good = await fetch(
    `${relay.url}/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&echostr=4375120948345356249`,
  )
  expect(good.status).toBe(200)
  expect(await good.text()).toBe('4375120948345356249')
  const bad = await fetch(`${relay.url}/wechat?signature=${'0'.repeat(40)}&timestamp=1&nonce=2&echostr=3`)
  expect(bad.status).toBe(401)
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  const old = String(Number(timestamp) - 301)
  const stale = await fetch(
    `${relay.url}/wechat?signature=${signatureOf([TEST_WECHAT.token, old, nonce])}&timestamp=${old}&nonce=${nonce}&echostr=4375120948345356249`,
  )
  expect(stale.status).toBe(401)
  expect(await stale.text()).not.toContain('4375120948345356249')
})

test('a corpus of malformed pushes is refused with 4xx, counted by reason and stored nowhere', async () => {
  const fields = textMessage('o_attacker', '900', 'x')
  const good = buildPush(fields, { mode: 'safe' })
  const otherAppPush = buildPush(fields, { mode: 'safe', appId: 'wxffffffffffffffff' })
  const wrongKey = buildPush(fields, { mode: 'safe', encodingAesKey: 'Q'.repeat(43) })
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><ToUserName>a</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>`
  const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&e;</Content><MsgId>2</MsgId></xml>`
  // The envelope is read before msg_signature is checked: a safe query reaches the body parser.
  const safeQuery = good.path
  const secondsAgo = (seconds: number): string => String(Math.floor(Date.now() / 1000) - seconds)
  const corpus: { name: string; path: string; body: string; status: number }[] = [
    { name: 'no signature', path: '/wechat?encrypt_type=aes', body: good.body, status: 401 },
    { name: 'plaintext, validly signed', ...buildPush(fields, { mode: 'plaintext' }), status: 401 },
    {
      name: 'plaintext, raw',
      path: `${buildPush(fields, { mode: 'plaintext' }).path}&encrypt_type=raw`,
      body: buildPush(fields, { mode: 'plaintext' }).body,
      status: 401,
    },
    {
      name: 'signed 301 s ago',
      ...buildPush(fields, { mode: 'safe', timestamp: secondsAgo(301) }),
      status: 401,
    },
    {
      // Further ahead than 301 s: the check may fall a second after the signing.
      name: 'signed 330 s ahead',
      ...buildPush(fields, { mode: 'safe', timestamp: secondsAgo(-330) }),
      status: 401,
    },
    {
      name: 'signed yesterday',
      ...buildPush(fields, { mode: 'safe', timestamp: secondsAgo(86_400) }),
      status: 401,
    },
    {
      name: 'signed words for a timestamp',
      ...buildPush(fields, { mode: 'safe', timestamp: 'soon' }),
      status: 401,
    },
    {
      name: 'wrong msg_signature',
      ...buildPush(fields, { mode: 'safe', token: 'notthetoken' }),
      status: 401,
    },
    {
      name: 'tampered ciphertext',
      path: good.path,
      body: tampered(good.body),
      status: 401,
    },
    { name: 'wrong appid', ...otherAppPush, status: 400 },
    { name: 'wrong key', ...wrongKey, status: 400 },
    { name: 'entity bomb', path: safeQuery, body: bomb, status: 400 },
    { name: 'xxe', path: safeQuery, body: xxe, status: 400 },
    { name: 'not xml', path: safeQuery, body: 'hello there', status: 415 },
    { name: 'broken xml', path: safeQuery, body: '<xml><FromUserName>o</xml>', status: 400 },
    { name: 'empty body', path: safeQuery, body: '', status: 415 },
    { name: 'too large', path: safeQuery, body: `<xml>${'a'.repeat(300_000)}</xml>`, status: 413 },
  ]
  for (const entry of corpus) {
    const response = await fetch(`${relay.url}${entry.path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: entry.body,
    })
    expect(response.status, `${entry.name}: ${await response.clone().text()}`).toBeGreaterThanOrEqual(400)
    expect(response.status, entry.name).toBeLessThan(500)
    expect(response.status, entry.name).toBe(entry.status)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code, entry.name).toMatch(/^[a-z_]+$/)
  }
  expect(await storedCounts()).toEqual({ messages: 0, events: 0, dedupeKeys: 0 })
  const metrics = await (await fetch(`${relay.url}/metrics`)).text()
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="bad_signature"\} [1-9]/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="wrong_appid"\} 1/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="forbidden_doctype"\} 2/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="too_large"\} 1/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="plaintext_refused"\} 2/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="stale_timestamp"\} 3/)
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="bad_timestamp"\} 1/)
})

test('a relay with no EncodingAESKey is in plaintext mode: signed plaintext is taken, stale plaintext is not', async () => {
  const plaintextOnly = temporaryDataDir()
  const { WECHAT_TOKEN, WECHAT_APPID } = TEST_WECHAT_ENVIRONMENT
  const plain = await startTestRelay(plaintextOnly.dataDir, { WECHAT_TOKEN, WECHAT_APPID })
  try {
    const fields = textMessage('o_plain_mode', '950', 'hello in plaintext')
    expect(await sendPush(plain.url, buildPush(fields, { mode: 'plaintext' }))).toEqual({
      status: 200,
      text: 'success',
    })
    const stale = String(Math.floor(Date.now() / 1000) - 301)
    const refused = await sendPush(
      plain.url,
      buildPush(textMessage('o_plain_mode', '951', 'replayed'), { mode: 'plaintext', timestamp: stale }),
    )
    expect(refused.status).toBe(401)
    expect(await plain.store.events.head()).toBe(1)
  } finally {
    await plain.close()
    plaintextOnly.remove()
  }
})

test('a push WeChat retries with its first timestamp, seconds later, is still taken and stored once', async () => {
  // The relay's clock runs ahead of the signer by the retry delays (WeChat: about 5 s apart, 15 s in all).
  let clock = Date.now()
  await relay.close()
  relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, { now: () => clock })
  const push = buildPush(textMessage('o_retried', '960', 'once'), { mode: 'safe' })
  for (const delaySeconds of [0, 5, 10, 15]) {
    clock += delaySeconds * 1000
    expect(await sendPush(relay.url, push)).toEqual({ status: 200, text: 'success' })
  }
  expect((await messagesOf('o_retried')).messages).toHaveLength(1)
  // The same URL replayed once the window has passed is refused.
  clock += 300_000
  expect((await sendPush(relay.url, push)).status).toBe(401)
})

test('without WeChat credentials the relay runs and the webhook answers 503 not_configured', async () => {
  const unconfigured = temporaryDataDir()
  const bare = await startTestRelay(unconfigured.dataDir, {})
  try {
    const response = await sendPush(bare.url, buildPush(textMessage('o_x', '1', 'x'), { mode: 'plaintext' }))
    expect(response.status).toBe(503)
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'not_configured' } })
    expect((await fetch(`${bare.url}/healthz`)).status).toBe(200)
  } finally {
    await bare.close()
    unconfigured.remove()
  }
})
