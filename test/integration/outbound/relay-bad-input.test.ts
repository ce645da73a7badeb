import { expect, test } from '@playwright/test'
import type { CommandResult } from '../../../common/relay/events.js'
import type { CommandAnswer } from '../../../common/relay/relay-commands.js'
import { MAX_TEXT_LENGTH } from '../../../common/relay/schemas.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oBadInputFollower0000000001'

test('bad replies are refused with a 4xx and a stable code, over REST and socket, and nothing is sent', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('hello')
    const cases: { name: string; path: string; body: unknown; status: number; code: string }[] = [
      {
        name: 'empty text',
        path: `/api/conversations/${OPENID}/messages`,
        body: { clientMessageId: 'bad-input-empty-01', body: { type: 'text', text: '' } },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'blank text',
        path: `/api/conversations/${OPENID}/messages`,
        body: { clientMessageId: 'bad-input-blank-01', body: { type: 'text', text: ' \n\t ' } },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'text over the limit',
        path: `/api/conversations/${OPENID}/messages`,
        body: {
          clientMessageId: 'bad-input-long-001',
          body: { type: 'text', text: '长'.repeat(MAX_TEXT_LENGTH + 1) },
        },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'unknown type',
        path: `/api/conversations/${OPENID}/messages`,
        body: { clientMessageId: 'bad-input-type-001', body: { type: 'music', mediaId: 'abc' } },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'a template through the message route',
        path: `/api/conversations/${OPENID}/messages`,
        body: {
          clientMessageId: 'bad-input-tmpl-001',
          body: { type: 'template', templateId: 't', data: {} },
        },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'a short client id',
        path: `/api/conversations/${OPENID}/messages`,
        body: { clientMessageId: 'short', body: { type: 'text', text: 'hi' } },
        status: 400,
        code: 'invalid',
      },
      {
        name: 'a conversation that does not exist',
        path: '/api/conversations/oNobody000000000000000000000/messages',
        body: { clientMessageId: 'bad-input-none-001', body: { type: 'text', text: 'hi' } },
        status: 404,
        code: 'not_found',
      },
    ]
    for (const entry of cases) {
      const answer = await fixture.api('POST', entry.path, entry.body)
      expect({ name: entry.name, status: answer.status, code: answer.body.error?.code }).toEqual({
        name: entry.name,
        status: entry.status,
        code: entry.code,
      })
    }

    const agent = fixture.connect()
    await agent.caughtUp
    const viaSocket = (request: unknown) =>
      new Promise<CommandResult<CommandAnswer<'message:send'>>>((resolve) =>
        agent.socket.emit('message:send', request as never, resolve),
      )
    expect(
      await viaSocket({ conversationId: OPENID, clientMessageId: 'socket-bad-type-01', body: { type: 'x' } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(
      await viaSocket({
        conversationId: 'oNobody000000000000000000000',
        clientMessageId: 'socket-missing-01',
        body: { type: 'text', text: 'hi' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } })
    agent.close()

    await fixture.relay.conversations.settle()
    expect(fixture.sends()).toHaveLength(0)
    const stored = await fixture.relay.store.messages.listBefore(OPENID, { limit: 50 })
    expect(stored?.messages.filter((message) => message.direction === 'outgoing')).toEqual([])
  } finally {
    await fixture.close()
  }
})
