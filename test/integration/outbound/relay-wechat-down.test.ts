import { expect, test } from '@playwright/test'
import type { Message } from '../../../common/domain/message.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const SLOW = 'oSlowFollower00000000000001'
const OTHER = 'oOtherFollower0000000000001'

test('a WeChat that hangs on one follower blocks neither the webhook nor replies to other followers', async () => {
  const fixture = await startRelayWithSimulator({ followers: [SLOW, OTHER] })
  try {
    await fixture.simulator.follower(SLOW).sendText('first')
    await fixture.simulator.follower(OTHER).sendText('second')
    fixture.simulator.inject({ endpoint: 'message/custom/send', touser: SLOW, delayMs: 4000, times: 3 })
    const slowSends = await Promise.all(
      [0, 1, 2].map((index) =>
        fixture.api('POST', `/api/conversations/${SLOW}/messages`, {
          clientMessageId: `slow-send-${index}-abcdef`,
          body: { type: 'text', text: `slow ${index}` },
        }),
      ),
    )
    expect(slowSends.map((answer) => answer.status)).toEqual([202, 202, 202])

    // While those hang: a push is acknowledged at once and another follower's reply goes out.
    const push = await fixture.simulator.follower(OTHER).sendText('are you there?')
    expect(push.status).toBe(200)
    const other = await fixture.api('POST', `/api/conversations/${OTHER}/messages`, {
      clientMessageId: 'other-send-0-abcdef',
      body: { type: 'text', text: 'yes, here' },
    })
    expect(other.status).toBe(202)
    await fixture.simulator.waitForDelivery((message) => message.touser === OTHER, 3000)
    // WeChat has not answered a single one of the slow follower's sends yet.
    const answeredSlow = fixture.sends().filter((call) => (call.body as { touser: string }).touser === SLOW)
    expect(answeredSlow).toEqual([])

    // The slow ones still arrive, in the order the relay stored them.
    await fixture.relay.conversations.settle()
    const storedOrder = (await fixture.relay.store.messages.listBefore(SLOW, { limit: 10 }))!.messages
      .filter((message) => message.direction === 'outgoing')
      .reverse()
      .map((message) => (message.body as { text: string }).text)
    expect(storedOrder).toHaveLength(3)
    expect(
      fixture.simulator.delivered
        .filter((message) => message.touser === SLOW)
        .map((message) => (message.body['text'] as { content: string }).content),
    ).toEqual(storedOrder)
  } finally {
    await fixture.close()
  }
})

test('with WeChat down, replies fail with a plain reason while pushes are still acknowledged', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OTHER] })
  try {
    await fixture.simulator.follower(OTHER).sendText('hello')
    // Fetch the token first, so the failure is the send's own.
    await fixture.api('POST', `/api/conversations/${OTHER}/messages`, {
      clientMessageId: 'before-down-0-abcdef',
      body: { type: 'text', text: 'before' },
    })
    await fixture.relay.conversations.settle()
    await fixture.simulator.close()
    const sent = await fixture.api('POST', `/api/conversations/${OTHER}/messages`, {
      clientMessageId: 'while-down-0-abcdef',
      body: { type: 'text', text: 'while down' },
    })
    expect(sent.status).toBe(202)
    expect((await fixture.simulator.follower(OTHER).sendText('still there?')).status).toBe(200)
    await fixture.relay.conversations.settle()
    expect(await fixture.relay.store.messages.get((sent.body as unknown as Message).id)).toMatchObject({
      status: 'failed',
      failure: { code: 'wechat_unavailable', isRetryable: true },
    })
  } finally {
    await fixture.close()
  }
})
