import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Team } from '../../../common/domain/team.js'
import { startMediaRig } from '../media/media-fixture.js'
import { call, createUser } from './shared-state-fixture.js'

const HOUR = 3_600_000

test('a team that asks for it has conversations resolved after the follower’s silence; never one awaiting a reply', async () => {
  let clock = Date.now()
  // A relay that really sends (to the WeChat simulator), on a clock the test moves.
  const rig = await startMediaRig({ relay: { now: () => clock, windowRescueIntervalMs: 24 * HOUR } })
  const context = { relay: rig.relay, adminToken: rig.token, close: rig.close }
  try {
    const team = await call<Team>(context.relay, context.adminToken, 'POST', '/api/teams', {
      name: 'Quiet',
      autoResolveAfterHours: 24,
    })
    expect(team.body.autoResolveAfterHours).toBe(24)
    const token = await createUser(context, 'mei', 'agent', team.body.id)
    const claim = async (conversation: Conversation) =>
      (
        await call<Conversation>(
          context.relay,
          token,
          'PUT',
          `/api/conversations/${conversation.id}/assignee`,
          {
            assignee: 'mei',
            version: conversation.version,
          },
        )
      ).body
    const writes = async (openId: string, text: string) => {
      expect((await rig.wechat.follower(openId).sendText(text)).status).toBe(200)
      return (await context.relay.store.conversations.get(openId))!
    }
    const answered = await claim(await writes('oQuietAnswered00000000001', '谢谢'))
    const waiting = await claim(await writes('oQuietWaiting000000000001', '在吗'))
    const reply = await call(context.relay, token, 'POST', `/api/conversations/${answered.id}/messages`, {
      clientMessageId: 'quiet-reply-00001',
      body: { type: 'text', text: '不客气' },
    })
    expect(reply.status).toBe(202)
    await expect
      .poll(async () => (await context.relay.store.conversations.get(answered.id))?.unansweredCount)
      .toBe(0)

    clock += 23 * HOUR
    expect(await context.relay.autoResolve.sweep()).toEqual([])
    clock += 2 * HOUR
    const resolved = await context.relay.autoResolve.sweep()
    expect(resolved.map((each) => [each.id, each.status])).toEqual([[answered.id, 'resolved']])
    expect((await context.relay.store.conversations.get(waiting.id))?.status).toBe('open')
  } finally {
    await context.close()
  }
})
