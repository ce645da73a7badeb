import { expect, test } from '@playwright/test'
import type { Message } from '../../../common/domain/message.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oRelayFollower0000000000001'

test('a reply goes relay → WeChat once, even when the desktop resends the same clientMessageId', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    const follower = fixture.simulator.follower(OPENID)
    expect((await follower.sendText('你好，我的订单还没到')).status).toBe(200)
    const request = {
      clientMessageId: 'desktop-0001-abcdef',
      body: { type: 'text', text: '您好，我来帮您查一下。' },
    }
    const first = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, request)
    const second = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, request)
    expect([first.status, second.status].every((status) => status < 300)).toBe(true)
    expect((second.body as unknown as Message).id).toBe((first.body as unknown as Message).id)
    await fixture.simulator.waitForDelivery(
      (message) => message.touser === OPENID && message.msgtype === 'text',
    )
    await fixture.relay.conversations.settle()
    expect(fixture.sends().map((call) => call.body)).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: '您好，我来帮您查一下。' } },
    ])
    expect((await fixture.relay.store.messages.get((first.body as unknown as Message).id))?.status).toBe(
      'sent',
    )
  } finally {
    await fixture.close()
  }
})

test('a -1 from WeChat is retried and the follower receives the reply once', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('hello?')
    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: -1 })
    const sent = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'desktop-0002-abcdef',
      body: { type: 'text', text: 'Hello!' },
    })
    await fixture.relay.conversations.settle()
    expect(fixture.sends().map((call) => call.answer['errcode'])).toEqual([-1, 0])
    expect(fixture.simulator.delivered).toHaveLength(1)
    expect((await fixture.relay.store.messages.get((sent.body as unknown as Message).id))?.status).toBe(
      'sent',
    )
  } finally {
    await fixture.close()
  }
})

test('WeChat refusing with 45047 marks the message failed with the plain reason', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('hello?')
    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: 45047 })
    const sent = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'desktop-0003-abcdef',
      body: { type: 'text', text: 'Hello!' },
    })
    await fixture.relay.conversations.settle()
    const stored = await fixture.relay.store.messages.get((sent.body as unknown as Message).id)
    expect(stored).toMatchObject({
      status: 'failed',
      failure: { code: 'quota_exhausted', wechatErrcode: 45047 },
    })
  } finally {
    await fixture.close()
  }
})

test('the relay refuses early, before calling WeChat, when the window expired by time or the quota is used', async () => {
  let clock = Date.now()
  const now = () => clock
  const fixture = await startRelayWithSimulator({ followers: [OPENID], now })
  try {
    await fixture.simulator.follower(OPENID).sendText('one question')
    for (let i = 0; i < 5; i += 1) {
      const sent = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
        clientMessageId: `desktop-quota-${i}-abcdef`,
        body: { type: 'text', text: `answer ${i}` },
      })
      expect(sent.status).toBeLessThan(300)
    }
    const sixth = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'desktop-quota-5-abcdef',
      body: { type: 'text', text: 'one too many' },
    })
    expect(sixth).toMatchObject({ status: 422, body: { error: { code: 'quota_exhausted' } } })

    await fixture.simulator.follower(OPENID).sendText('another question')
    clock += 48 * 3_600_000 + 1000
    const late = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'desktop-late-0-abcdef',
      body: { type: 'text', text: 'too late' },
    })
    expect(late).toMatchObject({ status: 422, body: { error: { code: 'window_closed' } } })
    await fixture.relay.conversations.settle()
    expect(fixture.sends()).toHaveLength(5)
    expect(fixture.sends().every((call) => call.answer['errcode'] === 0)).toBe(true)
  } finally {
    await fixture.close()
  }
})

test('a message WeChat refused outright is sent again by its own clientMessageId, taking its quota anew; one that may have arrived never is', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('hello?')
    const request = { clientMessageId: 'desktop-retry-abcdef', body: { type: 'text', text: 'Retried!' } }
    const sendTimes = async () =>
      (await fixture.relay.store.conversations.get(OPENID))!.windowHistory.sendTimes
    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: 45009 })
    const first = (await fixture.api('POST', `/api/conversations/${OPENID}/messages`, request))
      .body as unknown as Message
    await fixture.relay.conversations.settle()
    expect(await fixture.relay.store.messages.get(first.id)).toMatchObject({
      status: 'failed',
      failure: { wechatErrcode: 45009, isRetryable: true },
    })
    expect(await sendTimes()).toEqual([])

    const again = (await fixture.api('POST', `/api/conversations/${OPENID}/messages`, request))
      .body as unknown as Message
    expect(again.id).toBe(first.id)
    await fixture.relay.conversations.settle()
    expect((await fixture.relay.store.messages.get(first.id))?.status).toBe('sent')
    expect(fixture.simulator.delivered.filter((message) => message.touser === OPENID)).toHaveLength(1)
    expect(await sendTimes()).toHaveLength(1)

    // An unreadable answer: WeChat may have delivered it, so the same clientMessageId sends nothing.
    const uncertain = { clientMessageId: 'desktop-uncertain-abcdef', body: { type: 'text', text: 'Maybe' } }
    fixture.simulator.inject({ endpoint: 'message/custom/send', garbled: 'html' })
    const maybe = (await fixture.api('POST', `/api/conversations/${OPENID}/messages`, uncertain))
      .body as unknown as Message
    await fixture.relay.conversations.settle()
    expect((await fixture.relay.store.messages.get(maybe.id))?.failure?.code).toBe('delivery_uncertain')
    const callsBefore = fixture.sends().length
    await fixture.api('POST', `/api/conversations/${OPENID}/messages`, uncertain)
    await fixture.relay.conversations.settle()
    expect(fixture.sends()).toHaveLength(callsBefore)
    expect(await sendTimes()).toHaveLength(2)
  } finally {
    await fixture.close()
  }
})
