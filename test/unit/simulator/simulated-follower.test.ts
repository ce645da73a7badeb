import { expect, test } from '@playwright/test'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decryptMessage, aesKeyOf } from '../../../relay/wechat/message-crypto.js'
import { signatureOf } from '../../../relay/wechat/signature.js'
import { pushSignatureOf } from '../../simulator/push-crypto.js'
import { xmlElementOf } from '../../simulator/push-xml.js'
import { startWeChatSimulator } from '../../simulator/wechat-simulator.js'

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

test('the push signature matches the official worked example (§1.2)', () => {
  expect(pushSignatureOf(['AAAAA', '1714036504', '1514711492'])).toBe(
    'f464b24fc39322e44b38aa78f5edd27bd1441696',
  )
})

test('a push that gets no answer is delivered again, same body, up to 3 more times; safe mode is encrypted', async () => {
  const received: { url: string; body: string }[] = []
  const relay = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      received.push({ url: request.url ?? '', body })
      // Too slow twice, then in time.
      if (received.length <= 2) setTimeout(() => response.end('success'), 300)
      else response.end('success')
    })
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  const simulator = await startWeChatSimulator({
    encodingAesKey: AES_KEY,
    pushTimeoutMs: 100,
    relayUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/wechat`,
  })
  try {
    const delivery = await simulator.follower('oPushRetry00000000000000001').sendText('重试 <test> ]]> done')
    expect(delivery).toMatchObject({ attempts: 3, status: 200, reply: 'success' })
    expect(new Set(received.map((entry) => entry.body)).size).toBe(1)
    const first = received[0]!
    const query = new URL(first.url, 'http://x').searchParams
    const encrypted = xmlElementOf(first.body, 'Encrypt') ?? ''
    // Checked with the relay's own implementation: the two were written apart.
    expect(query.get('msg_signature')).toBe(
      signatureOf([simulator.webhookToken, query.get('timestamp')!, query.get('nonce')!, encrypted]),
    )
    const opened = decryptMessage(encrypted, aesKeyOf(AES_KEY))
    expect(opened.receiveId).toBe(simulator.appId)
    expect(xmlElementOf(opened.message, 'Content')).toBe('重试 <test> ]]> done')
    expect(xmlElementOf(opened.message, 'MsgId')).toMatch(/^\d{19,}$/)

    const giveUp = await simulator.follower('oPushRetry00000000000000002').follow('x')
    expect(giveUp).toMatchObject({ attempts: 1, status: 200 })
  } finally {
    await simulator.close()
    relay.closeAllConnections()
    await new Promise((resolve) => relay.close(resolve))
  }
})
