import { expect, test } from '@playwright/test'
import type { Message } from '../../../common/domain/message.js'
import type { CommandResult } from '../../../common/relay/events.js'
import type { CommandAnswer } from '../../../common/relay/relay-commands.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oTemplateFollower0000000001'
const HOUR = 3_600_000

const templateRequest = (clientMessageId: string) => ({
  clientMessageId,
  templateId: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY',
  url: 'https://example.com/orders/1',
  data: { keyword1: { value: '巧克力' }, keyword2: { value: '39.8元' } },
})

test('a template goes out with the window closed, once per clientMessageId, and TEMPLATESENDJOBFINISH settles it', async () => {
  let clock = Date.now()
  const now = () => clock
  const fixture = await startRelayWithSimulator({ followers: [OPENID], now, isTemplateResultPushed: false })
  try {
    const follower = fixture.simulator.follower(OPENID)
    expect((await follower.sendText('where is my parcel?')).status).toBe(200)
    clock += 49 * HOUR
    const text = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'closed-window-text-01',
      body: { type: 'text', text: 'too late for this' },
    })
    expect(text).toMatchObject({ status: 422, body: { error: { code: 'window_closed' } } })

    const first = await fixture.api(
      'POST',
      `/api/conversations/${OPENID}/templates`,
      templateRequest('tmpl-blocked-0001'),
    )
    const again = await fixture.api(
      'POST',
      `/api/conversations/${OPENID}/templates`,
      templateRequest('tmpl-blocked-0001'),
    )
    expect(first.status).toBe(202)
    expect(again.status).toBe(202)
    const blocked = first.body as unknown as Message
    expect((again.body as unknown as Message).id).toBe(blocked.id)
    expect(blocked).toMatchObject({ status: 'pending', body: { type: 'template' } })
    await fixture.relay.conversations.settle()

    const templateCalls = fixture.simulator.calls.filter((call) => call.endpoint === 'message/template/send')
    expect(templateCalls.map((call) => call.body)).toEqual([
      {
        touser: OPENID,
        template_id: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY',
        url: 'https://example.com/orders/1',
        client_msg_id: 'tmpl-blocked-0001',
        data: { keyword1: { value: '巧克力' }, keyword2: { value: '39.8元' } },
      },
    ])
    expect(fixture.sends()).toHaveLength(0)
    const jobId = String(templateCalls[0]!.answer['msgid'])
    expect((await fixture.relay.store.messages.get(blocked.id))?.status).toBe('sent')
    expect((await fixture.relay.store.messages.findByWeChatJobId(jobId))?.id).toBe(blocked.id)
    // Templates use no customer-service quota.
    expect((await fixture.relay.store.conversations.get(OPENID))?.windowHistory.sendTimes).toEqual([])

    const head = await fixture.relay.store.events.head()
    expect((await follower.templateJobFinished(jobId, 'failed:user block')).status).toBe(200)
    expect(await fixture.relay.store.messages.get(blocked.id)).toMatchObject({
      status: 'failed',
      failure: { code: 'template_blocked', isRetryable: false },
    })
    expect((await fixture.relay.store.messages.get(blocked.id))?.failure?.message).toMatch(
      /blocked template messages/,
    )
    const settled = await fixture.relay.store.events.after(head, 10)
    expect(settled.map((event) => event.type)).toEqual(['message.updated'])

    // Over the socket: the same idempotency, and `success` keeps it sent.
    const agent = fixture.connect()
    await agent.caughtUp
    const viaSocket = (clientMessageId: string) =>
      new Promise<CommandResult<CommandAnswer<'template:send'>>>((resolve) =>
        agent.socket.emit(
          'template:send',
          { ...templateRequest(clientMessageId), conversationId: OPENID },
          resolve,
        ),
      )
    const [one, two] = await Promise.all([viaSocket('tmpl-success-0001'), viaSocket('tmpl-success-0001')])
    if (!one.ok || !two.ok) throw new Error(`template refused: ${JSON.stringify([one, two])}`)
    expect(two.value.id).toBe(one.value.id)
    await fixture.relay.conversations.settle()
    const secondCall = fixture.simulator.calls.filter((call) => call.endpoint === 'message/template/send')
    expect(secondCall).toHaveLength(2)
    expect(
      (await follower.templateJobFinished(String(secondCall[1]!.answer['msgid']), 'success')).status,
    ).toBe(200)
    expect(await fixture.relay.store.messages.get(one.value.id)).toMatchObject({
      status: 'sent',
      failure: null,
    })
    agent.close()
  } finally {
    await fixture.close()
  }
})

test('a template is refused with 4xx for a conversation that does not exist or a bad body, and nothing is sent', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    const missing = await fixture.api(
      'POST',
      '/api/conversations/oNobody000000000000000000000/templates',
      templateRequest('tmpl-missing-0001'),
    )
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    await fixture.simulator.follower(OPENID).sendText('hi')
    const bad = await fixture.api('POST', `/api/conversations/${OPENID}/templates`, {
      clientMessageId: 'tmpl-bad-00001',
      data: {},
    })
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    await fixture.relay.conversations.settle()
    expect(fixture.simulator.calls.filter((call) => call.endpoint === 'message/template/send')).toHaveLength(
      0,
    )
  } finally {
    await fixture.close()
  }
})
