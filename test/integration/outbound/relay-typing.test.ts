import { expect, test } from '@playwright/test'
import type { CommandResult } from '../../../common/relay/events.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oTypingFollower000000000001'
const QUIET_OPENID = 'oTypingFollower000000000002'

test('a burst of typing reaches WeChat as one Typing, cancel only while shown, over socket and REST', async () => {
  let clock = Date.now()
  const now = () => clock
  const fixture = await startRelayWithSimulator({ followers: [OPENID, QUIET_OPENID], now })
  try {
    await fixture.simulator.follower(OPENID).sendText('hello, anyone there?')
    const agent = fixture.connect()
    await agent.caughtUp
    const typing = (isTyping: boolean) =>
      new Promise<CommandResult<null>>((resolve) =>
        agent.socket.emit('typing:send', { conversationId: OPENID, isTyping }, resolve),
      )
    const typingCalls = () =>
      fixture.simulator.calls
        .filter((call) => call.endpoint === 'message/custom/typing')
        .map((call) => [(call.body as { command: string }).command, call.answer['errcode']])

    // A burst of keystrokes: one Typing, never the 45081 a second one would earn.
    const burst = await Promise.all(Array.from({ length: 8 }, () => typing(true)))
    expect(burst.every((result) => result.ok)).toBe(true)
    expect(typingCalls()).toEqual([['Typing', 0]])

    expect(await typing(false)).toEqual({ ok: true, value: null })
    expect(await typing(false)).toEqual({ ok: true, value: null })
    expect(typingCalls()).toEqual([
      ['Typing', 0],
      ['CancelTyping', 0],
    ])

    const rest = await fetch(`${fixture.relay.url}/api/conversations/${OPENID}/typing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ isTyping: true }),
    })
    expect(rest.status).toBe(204)
    expect(typingCalls()).toHaveLength(3)

    // Another follower silent for 40 s, past WeChat's 30 s: the refusal comes back with its stable code.
    await fixture.simulator.follower(QUIET_OPENID).sendText('a question, then silence')
    clock += 40_000
    const late = await new Promise<CommandResult<null>>((resolve) =>
      agent.socket.emit('typing:send', { conversationId: QUIET_OPENID, isTyping: true }, resolve),
    )
    expect(late).toMatchObject({
      ok: false,
      error: {
        code: 'wechat_error',
        details: { failure: { code: 'typing_no_interaction', wechatErrcode: 45080 } },
      },
    })
    agent.close()
  } finally {
    await fixture.close()
  }
})

test('typing is refused early where no message could be sent, and for unknown conversations', async () => {
  let clock = Date.now()
  const now = () => clock
  const fixture = await startRelayWithSimulator({ followers: [OPENID], now })
  try {
    await fixture.simulator.follower(OPENID).sendText('hi')
    clock += 49 * 3_600_000
    const closed = await fixture.api('POST', `/api/conversations/${OPENID}/typing`, { isTyping: true })
    expect(closed).toMatchObject({ status: 422, body: { error: { code: 'window_closed' } } })
    const missing = await fixture.api('POST', '/api/conversations/oNobody000000000000000000000/typing', {
      isTyping: true,
    })
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    const bad = await fixture.api('POST', `/api/conversations/${OPENID}/typing`, { isTyping: 'yes' })
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    expect(fixture.simulator.calls.filter((call) => call.endpoint === 'message/custom/typing')).toHaveLength(
      0,
    )
  } finally {
    await fixture.close()
  }
})
