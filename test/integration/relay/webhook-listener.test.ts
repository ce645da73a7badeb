import { expect, test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { signatureOf } from '../../../relay/wechat/signature.js'
import { buildPush, sendPush, TEST_WECHAT, textMessage } from './push-builder.js'
import { startTestRelay, temporaryDataDir } from './relay-fixture.js'

let relay: Relay
let removeDataDir: () => void

test.beforeEach(async () => {
  const temporary = temporaryDataDir()
  removeDataDir = temporary.remove
  relay = await startTestRelay(temporary.dataDir)
})

test.afterEach(async () => {
  await relay.close()
  removeDataDir()
})

function signedQuery(extra = ''): string {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signature = signatureOf([TEST_WECHAT.token, timestamp, '1514711492'])
  return `signature=${signature}&timestamp=${timestamp}&nonce=1514711492&echostr=e%2Bcho${extra}`
}

test('HEAD is answered like GET, without a body; a percent-encoded echostr comes back decoded', async () => {
  const head = await fetch(`${relay.url}/wechat?${signedQuery()}`, { method: 'HEAD' })
  expect(head.status).toBe(200)
  expect(head.headers.get('content-length')).toBe('5')
  expect(await head.text()).toBe('')
  const get = await fetch(`${relay.url}/wechat?${signedQuery('&__proto__=x&constructor=y')}`)
  expect(get.status).toBe(200)
  expect(await get.text()).toBe('e+cho')
})

test('other paths and methods are not the webhook: fastify answers them 404 not_found', async () => {
  for (const [method, path] of [
    ['GET', '/wechat/'],
    ['GET', '/wechatx'],
    ['PUT', '/wechat'],
    ['DELETE', '/wechat?x=1'],
  ] as const) {
    const response = await fetch(`${relay.url}${path}`, { method })
    expect(response.status, `${method} ${path}`).toBe(404)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found')
  }
})

test('a streamed body over the cap is refused 413 without a Content-Length to go by, storing nothing', async () => {
  const push = buildPush(textMessage('o_stream', '8100', 'x'), { mode: 'safe' })
  const chunk = new TextEncoder().encode(`<xml>${'a'.repeat(64 * 1024)}`)
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // 8 chunks of 64 KiB: twice the default 256 KiB cap.
      if (sent === 8) return controller.close()
      sent += 1
      controller.enqueue(chunk)
    },
  })
  const response = await fetch(`${relay.url}${push.path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
    duplex: 'half',
  } as RequestInit)
  expect(response.status).toBe(413)
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
  expect(await relay.store.events.head()).toBe(0)
  const metrics = await (await fetch(`${relay.url}/metrics`)).text()
  expect(metrics).toMatch(/kefu_relay_pushes_rejected_total\{reason="too_large"\} 1/)
})

test('pushes on one kept-alive connection are each answered success and stored once', async () => {
  const answers = []
  for (let index = 0; index < 5; index += 1) {
    const push = buildPush(textMessage('o_keepalive', `820${index}`, `n${index}`), { mode: 'safe' })
    answers.push(await sendPush(relay.url, push))
  }
  expect(answers).toEqual(Array.from({ length: 5 }, () => ({ status: 200, text: 'success' })))
  expect(await relay.store.events.head()).toBe(5)
  const metrics = await (await fetch(`${relay.url}/metrics`)).text()
  expect(metrics).toMatch(/kefu_relay_webhook_ack_seconds_count 5/)
})
