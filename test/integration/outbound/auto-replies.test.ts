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

    // Each reply is the webhook's own answer (a passive reply, encrypted as WeChat's samples are): the
    // follower's quota of customer-service messages is left whole.
    const contentOf = (reply: string | null) =>
      /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(reply ?? '')?.[1]
    const newcomer = fixture.simulator.follower('oAutoReplyScene000000000001')
    const welcome = await newcomer.follow('spring_promo')
    expect(contentOf(welcome.reply)).toBe('欢迎参加春季活动！')
    expect(welcome.reply).toContain(`<ToUserName><![CDATA[${newcomer.openId}]]></ToUserName>`)
    expect(welcome.reply).toContain('<MsgType><![CDATA[text]]></MsgType>')

    const plain = fixture.simulator.follower('oAutoReplyPlain000000000001')
    expect(contentOf((await plain.follow()).reply)).toBe('Welcome!')
    expect(contentOf((await newcomer.clickMenu('MENU_HOURS')).reply)).toBe(
      'We answer 9:00–18:00, Monday to Friday.',
    )
    expect(contentOf((await newcomer.sendText('退款')).reply)).toBe('退款请回复订单号。')
    expect(contentOf((await newcomer.sendText('Where is my INVOICE please?')).reply)).toBe(
      'Invoices are in the mini program under Orders.',
    )
    expect((await newcomer.sendText('something else')).reply).toBe('success')
    await fixture.relay.conversations.settle()

    // Every automatic reply is in the conversation, marked automatic and counted as sent; none used the
    // customer-service API, so none took the window's quota.
    const page = await fixture.api('GET', `/api/conversations/${newcomer.openId}/messages`)
    const automatic = (
      page.body['messages'] as { isAutomatic: boolean; status: string; direction: string }[]
    ).filter((message) => message.direction === 'outgoing')
    expect(automatic).toHaveLength(4)
    expect(automatic.every((message) => message.isAutomatic && message.status === 'sent')).toBe(true)
    expect(fixture.simulator.delivered).toHaveLength(0)
    const conversation = await fixture.relay.store.conversations.get(newcomer.openId)
    expect(conversation?.windowHistory.sendTimes).toEqual([])
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

    // WeChat delivers the same follow again (it doubted the first answer): the same welcome, stored once.
    const follower = fixture.simulator.follower('oAutoReplyRetry000000000001')
    const first = await follower.follow()
    const again = await follower.repeatLast()
    expect(again.status).toBe(200)
    expect(again.reply).toContain('Welcome!')
    expect(first.reply).toContain('Welcome!')
    await fixture.relay.ingest.drain()
    const page = await fixture.api('GET', `/api/conversations/${follower.openId}/messages`)
    const replies = (page.body['messages'] as { direction: string }[]).filter(
      (message) => message.direction === 'outgoing',
    )
    expect(replies).toHaveLength(1)
    expect(fixture.simulator.delivered).toHaveLength(0)
  } finally {
    await fixture.close()
  }
})

test('each account may keep rules of its own; one without answers by every account’s', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    expect((await fixture.api('PUT', '/api/auto-replies', rules)).status).toBe(200)
    const inherited = await fixture.api('GET', '/api/accounts/default/auto-replies')
    expect(inherited.status).toBe(200)
    expect(inherited.body).toMatchObject({ rules, accountKey: 'default', isInherited: true })
    const follower = fixture.simulator.follower('oAutoReplyAccount00000000001')
    expect((await follower.sendText('退款')).reply).toContain('退款请回复订单号。')

    const own = { ...rules, keywords: [{ match: 'exact', keyword: '退款', text: '本号退款请拨打 400。' }] }
    const saved = await fixture.api('PUT', '/api/accounts/default/auto-replies', own)
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ accountKey: 'default', isInherited: false, updatedBy: 'admin' })
    expect((await follower.sendText('退款')).reply).toContain('本号退款请拨打 400。')
    // Every account's rules are unchanged; an account the relay does not serve has none to edit.
    expect((await fixture.api('GET', '/api/auto-replies')).body).toMatchObject({ rules, accountKey: null })
    expect((await fixture.api('GET', '/api/accounts/nope/auto-replies')).status).toBe(404)
    expect(
      (await fixture.api('PUT', '/api/accounts/default/auto-replies', { ...own, keywords: 'x' })).status,
    ).toBe(400)
  } finally {
    await fixture.close()
  }
})
