import { expect, test } from '@playwright/test'
import type { AutoReplyRules } from '../../../common/relay/auto-reply-rules.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const rules: AutoReplyRules = {
  welcome: { defaultText: 'Welcome!', byScene: { spring_promo: '欢迎参加春季活动！' } },
  menu: { MENU_HOURS: 'We answer 9:00–18:00, Monday to Friday.' },
  keywords: [
    { match: 'exact', keyword: '退款', text: '退款请回复订单号。' },
    { match: 'contains', keyword: 'invoice', text: 'Invoices are in the mini program under Orders.' },
  ],
  offHours: {
    isEnabled: false,
    timeZone: 'Asia/Shanghai',
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    text: 'We are away.',
    cooldownMinutes: 60,
  },
}

test('admins edit the rules; a QR follow, a menu click and keywords are answered automatically', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    expect((await fixture.api('PUT', '/api/auto-replies', rules)).status).toBe(200)
    expect((await fixture.api('GET', '/api/auto-replies')).body).toMatchObject({ rules, updatedBy: 'admin' })

    const newcomer = fixture.simulator.follower('oAutoReplyScene000000000001')
    await newcomer.follow('spring_promo')
    const welcome = await fixture.simulator.waitForDelivery((message) => message.touser === newcomer.openId)
    expect(welcome.body).toEqual({
      touser: newcomer.openId,
      msgtype: 'text',
      text: { content: '欢迎参加春季活动！' },
    })

    const plain = fixture.simulator.follower('oAutoReplyPlain000000000001')
    await plain.follow()
    await fixture.simulator.waitForDelivery(
      (message) => message.touser === plain.openId && JSON.stringify(message.body).includes('Welcome!'),
    )

    await newcomer.clickMenu('MENU_HOURS')
    await fixture.simulator.waitForDelivery((message) => JSON.stringify(message.body).includes('9:00–18:00'))

    await newcomer.sendText('退款')
    await fixture.simulator.waitForDelivery((message) =>
      JSON.stringify(message.body).includes('退款请回复订单号'),
    )
    await newcomer.sendText('Where is my INVOICE please?')
    await fixture.simulator.waitForDelivery((message) =>
      JSON.stringify(message.body).includes('Invoices are in'),
    )
    await newcomer.sendText('something else')
    await fixture.relay.conversations.settle()

    // Every automatic reply is in the conversation, marked automatic and counted as sent.
    const page = await fixture.api('GET', `/api/conversations/${newcomer.openId}/messages`)
    const automatic = (
      page.body['messages'] as { isAutomatic: boolean; status: string; direction: string }[]
    ).filter((message) => message.direction === 'outgoing')
    expect(automatic).toHaveLength(4)
    expect(automatic.every((message) => message.isAutomatic && message.status === 'sent')).toBe(true)
    expect(fixture.simulator.delivered).toHaveLength(5)
  } finally {
    await fixture.close()
  }
})

test('a push WeChat delivers again gets no second auto-reply, and agents may not edit the rules', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const created = await fixture.api('POST', '/api/users', {
      username: 'agent1',
      password: 'agent1 password',
      role: 'agent',
    })
    expect(created.status).toBeLessThan(300)
    const agentToken = await fixture.signIn('agent1', 'agent1 password')
    expect((await fixture.api('GET', '/api/auto-replies', undefined, agentToken)).body.error?.code).toBe(
      'forbidden',
    )
    expect((await fixture.api('PUT', '/api/auto-replies', rules, agentToken)).status).toBe(403)
    expect((await fixture.api('PUT', '/api/auto-replies', { ...rules, menu: 'nope' })).body.error?.code).toBe(
      'invalid',
    )

    expect((await fixture.api('PUT', '/api/auto-replies', rules)).status).toBe(200)

    // WeChat delivers the same follow again (it doubted the first answer): one welcome only.
    const follower = fixture.simulator.follower('oAutoReplyRetry000000000001')
    await follower.follow()
    expect((await follower.repeatLast()).status).toBe(200)
    await fixture.simulator.waitForDelivery((message) => message.touser === follower.openId)
    await fixture.relay.ingest.drain()
    await fixture.relay.conversations.settle()
    expect(fixture.simulator.delivered.filter((message) => message.touser === follower.openId)).toHaveLength(
      1,
    )
  } finally {
    await fixture.close()
  }
})
