import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Team } from '../../../common/domain/team.js'
import type { Report } from '../../../relay/reports/report-of.js'
import { startMediaRig, type MediaRig } from '../media/media-fixture.js'
import { call, createUser, type SharedStateRelay } from '../shared-state/shared-state-fixture.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Monday 23 November 2026, 09:00 in Shanghai. */
const MONDAY_9AM = Date.UTC(2026, 10, 23, 1, 0)
const MONDAY_MIDNIGHT = MONDAY_9AM - 9 * HOUR
const SHANGHAI = 'Asia/Shanghai'

/** A relay and WeChat on one clock the test moves: a scripted day at known times. */
async function startDay() {
  let clock = MONDAY_9AM
  const rig = await startMediaRig({ wechatNow: () => clock, relay: { now: () => clock } })
  const context: SharedStateRelay = { relay: rig.relay, adminToken: rig.token, close: rig.close }
  return { rig, context, at: (ms: number) => (clock = ms) }
}

async function dayTeam(context: SharedStateRelay): Promise<Team> {
  const created = await call<Team>(context.relay, context.adminToken, 'POST', '/api/teams', {
    name: 'Day shift',
    businessHours: {
      timeZone: SHANGHAI,
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
      holidays: [],
    },
    sla: { firstResponseMinutes: 30, nextResponseMinutes: 60, isBusinessHours: true, byTag: [] },
    satisfaction: { isEnabled: true, question: '请打分 1–5 / Rate us 1–5', answerWithinHours: 24 },
  })
  expect(created.status).toBe(201)
  return created.body
}

async function writes(rig: MediaRig, openId: string, text: string): Promise<Conversation> {
  const delivered = await rig.wechat.follower(openId).sendText(text)
  expect(delivered.reply).toBe('success')
  await rig.relay.autoAssign.settle()
  return (await rig.relay.store.conversations.get(openId))!
}

async function assign(context: SharedStateRelay, openId: string, assignee: string) {
  const conversation = (await context.relay.store.conversations.get(openId))!
  const answer = await call(
    context.relay,
    context.adminToken,
    'PUT',
    `/api/conversations/${openId}/assignee`,
    {
      assignee,
      version: conversation.version,
    },
  )
  expect(answer.status).toBe(200)
}

async function reply(rig: MediaRig, token: string, openId: string, text: string) {
  const answer = await call(rig.relay, token, 'POST', `/api/conversations/${openId}/messages`, {
    clientMessageId: `reply-${openId}-${text}`.slice(0, 60),
    body: { type: 'text', text },
  })
  expect(answer.status).toBe(202)
  await rig.relay.conversations.settle()
}

async function resolve(context: SharedStateRelay, token: string, openId: string) {
  const conversation = (await context.relay.store.conversations.get(openId))!
  const answer = await call(context.relay, token, 'PUT', `/api/conversations/${openId}/status`, {
    status: 'resolved',
    version: conversation.version,
  })
  expect(answer.status).toBe(200)
}

async function reportFor(context: SharedStateRelay, token: string, query: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))
  return call<Report>(context.relay, token, 'GET', `/api/reports?${search.toString()}`)
}

test('a scripted day: the report shows exactly what happened, the rating is kept on the ticket', async () => {
  const { rig, context, at } = await startDay()
  try {
    const team = await dayTeam(context)
    const alice = await createUser(context, 'alice', 'agent', team.id)

    // 09:00 Ann writes; alice answers at 09:10 (10 minutes, within the 30-minute target).
    await writes(rig, 'o-ann', '你好，订单没到')
    await assign(context, 'o-ann', 'alice')
    // 09:05 Ben writes; alice answers at 09:50 (45 minutes: a breach).
    at(MONDAY_9AM + 5 * MINUTE)
    await writes(rig, 'o-ben', 'Where is my parcel?')
    await assign(context, 'o-ben', 'alice')
    at(MONDAY_9AM + 10 * MINUTE)
    await reply(rig, alice, 'o-ann', '马上帮您查')
    at(MONDAY_9AM + 50 * MINUTE)
    await reply(rig, alice, 'o-ben', 'Checking now')

    // 10:00 alice resolves Ann's ticket: the team asks for a rating, while the window has room.
    at(MONDAY_9AM + HOUR)
    await resolve(context, alice, 'o-ann')
    await rig.relay.ratingQuestions.settle()
    await rig.relay.conversations.settle()
    const asked = rig.wechat.calls.filter(
      (each) => each.endpoint === 'message/custom/send' && JSON.stringify(each.body).includes('Rate us'),
    )
    expect(asked).toHaveLength(1)
    const question = (await rig.relay.store.conversations.get('o-ann'))!.ratingQuestion
    expect(question).toMatchObject({ ticketNumber: 1, askedAt: MONDAY_9AM + HOUR })

    // 10:05 Ann answers "5": kept on the resolved ticket, which neither reopens nor starts anew.
    at(MONDAY_9AM + HOUR + 5 * MINUTE)
    const rated = await writes(rig, 'o-ann', '5')
    expect(rated).toMatchObject({ status: 'resolved', ticketNumber: 1, ratingQuestion: null })
    expect(rated.rating).toEqual({ score: 5, ticketNumber: 1, at: MONDAY_9AM + HOUR + 5 * MINUTE })

    // 17:30 Cat writes and nobody answers: her window closes on Wednesday at 17:30.
    at(MONDAY_9AM + 8.5 * HOUR)
    await writes(rig, 'o-cat', 'Anyone there?')
    at(MONDAY_9AM + 60 * HOUR)

    const range = { from: MONDAY_MIDNIGHT, to: MONDAY_MIDNIGHT + 3 * 24 * HOUR, timeZone: SHANGHAI }
    const answer = await reportFor(context, context.adminToken, range)
    expect(answer.status).toBe(200)
    const report = answer.body
    expect(report.totals).toEqual({
      conversationsOpened: 3,
      ticketsOpened: 3,
      ticketsResolved: 1,
      ticketsReopened: 0,
      // Ann twice (her rating too), Ben, Cat; alice's two replies and the rating question.
      messagesIn: 4,
      messagesOut: 3,
    })
    expect(report.firstResponse).toEqual({
      count: 2,
      medianMs: 10 * MINUTE,
      p90Ms: 45 * MINUTE,
      businessMedianMs: 10 * MINUTE,
      businessP90Ms: 45 * MINUTE,
    })
    expect(report.resolution).toMatchObject({ count: 1, medianMs: HOUR, businessMedianMs: HOUR })
    expect(report.sla).toEqual({ firstResponseBreaches: 1, nextResponseBreaches: 0 })
    expect(report.window).toEqual({ lost: 1, saved: 0, quotaRefusals: 0, templates: 0 })
    expect(report.satisfaction).toEqual({
      asked: 1,
      rated: 1,
      average: 5,
      distribution: [0, 0, 0, 0, 1],
      responseRate: 1,
    })
    expect(report.agents).toEqual([
      expect.objectContaining({
        username: 'alice',
        handled: 2,
        resolved: 1,
        firstResponseMedianMs: 10 * MINUTE,
      }),
    ])
    // Monday (1) at 09:00 Shanghai: Ann and Ben; 10:00 Ann's rating; 17:00 Cat.
    expect(report.heatmap[1]!.slice(9, 18)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1])
    expect(report.daily.map((day) => day.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25'])
    expect(report.daily[0]).toEqual({ date: '2026-11-23', opened: 3, resolved: 1, messagesIn: 4 })

    // Alice, an agent, sees her own figures only; asking for someone else's is refused.
    const own = await reportFor(context, alice, range)
    expect(own.status).toBe(200)
    expect(own.body.scope.username).toBe('alice')
    expect(own.body.totals.ticketsOpened).toBe(2)
    expect((await reportFor(context, alice, { ...range, username: 'admin' })).status).toBe(403)
    // Erasing Ben leaves nothing of him in the facts, and the team's figures as they were.
    const erased = await call(context.relay, context.adminToken, 'DELETE', '/api/conversations/o-ben')
    expect(erased.status).toBe(200)
    expect(await context.relay.store.reports.factOf('o-ben', 1)).toBeNull()
    const after = await reportFor(context, context.adminToken, range)
    expect(after.body.totals.ticketsOpened).toBe(3)
    expect(after.body.sla.firstResponseBreaches).toBe(1)
    // A range backwards is a 400 with a stable code.
    const backwards = await reportFor(context, context.adminToken, { ...range, to: range.from - 1 })
    expect(backwards.status).toBe(400)
  } finally {
    await rig.close()
  }
})

test('a follower who writes something other than a rating opens a ticket as usual; a quota refusal counts', async () => {
  const { rig, context, at } = await startDay()
  try {
    const team = await dayTeam(context)
    const bob = await createUser(context, 'bob', 'agent', team.id)
    await writes(rig, 'o-dan', 'help')
    await assign(context, 'o-dan', 'bob')
    at(MONDAY_9AM + MINUTE)
    await reply(rig, bob, 'o-dan', 'hi')
    await resolve(context, bob, 'o-dan')
    await rig.relay.ratingQuestions.settle()
    await rig.relay.conversations.settle()
    at(MONDAY_9AM + 2 * MINUTE)
    const next = await writes(rig, 'o-dan', '2 more questions about my order')
    expect(next.status).toBe('open')
    expect(next.rating).toBeNull()
    expect(next.ratingQuestion).toBeNull()

    // Five sends per follower message: a new message gives five anew: five go, the sixth is refused.
    for (const text of ['a1', 'a2', 'a3', 'a4', 'a5']) await reply(rig, bob, 'o-dan', text)
    const refused = await call(rig.relay, bob, 'POST', '/api/conversations/o-dan/messages', {
      clientMessageId: 'refused-send-1',
      body: { type: 'text', text: 'one too many' },
    })
    expect(refused.status).toBe(422)
    const report = await reportFor(context, context.adminToken, {
      from: MONDAY_MIDNIGHT,
      to: MONDAY_MIDNIGHT + 24 * HOUR,
      timeZone: SHANGHAI,
    })
    expect(report.body.window.quotaRefusals).toBe(1)
    expect(report.body.satisfaction).toMatchObject({ asked: 1, rated: 0, responseRate: 0 })
  } finally {
    await rig.close()
  }
})
