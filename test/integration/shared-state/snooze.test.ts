import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import { call, createUser, followerWrites, startSharedStateRelay } from './shared-state-fixture.js'

test('a conversation snoozed until a time or until the follower writes; the follower writing wakes it', async () => {
  const context = await startSharedStateRelay()
  try {
    const token = await createUser(context, 'mei', 'agent')
    const written = await followerWrites(context.relay, 'oSnoozeFollower0000000001', '明天再联系')
    const snooze = (body: unknown) =>
      call<Conversation>(context.relay, token, 'PUT', `/api/conversations/${written.id}/snooze`, body)

    const past = await snooze({ snooze: { until: Date.now() - 1000 }, version: written.version })
    expect(past).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    const stale = await snooze({ snooze: { until: null }, version: written.version + 5 })
    expect(stale.status).toBe(409)

    const until = Date.now() + 3_600_000
    const timed = await snooze({ snooze: { until }, version: written.version })
    expect(timed.status).toBe(200)
    expect(timed.body.snooze).toEqual({ until, by: 'mei' })
    const woken = await snooze({ snooze: null, version: timed.body.version })
    expect(woken.body.snooze).toBeNull()
    const untilReply = await snooze({ snooze: { until: null }, version: woken.body.version })
    expect(untilReply.body.snooze).toEqual({ until: null, by: 'mei' })

    const after = await followerWrites(context.relay, written.id, '我来了')
    expect(after.snooze).toBeNull()
    const page = await call<{ messages: Message[] }>(
      context.relay,
      token,
      'GET',
      `/api/conversations/${written.id}/messages?limit=20`,
    )
    const actions = page.body.messages.flatMap((message) =>
      message.body.type === 'activity' ? [[message.body.action, message.body.detail]] : [],
    )
    expect(actions.reverse()).toEqual([
      ['snoozed', String(until)],
      ['unsnoozed', ''],
      ['snoozed', ''],
    ])
  } finally {
    await context.close()
  }
})
