import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { Team } from '../../../common/domain/team.js'
import type { WindowRescuePolicy } from '../../../common/domain/window-rescue.js'
import {
  call,
  connectDesktop,
  createUser,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

const HOUR = 3_600_000

/** A relay on a clock the test moves, whose rescue sweeps only when the test asks. */
async function startRescueRelay() {
  let clock = Date.now()
  const context = await startSharedStateRelay({
    now: () => clock,
    windowRescueIntervalMs: 24 * HOUR,
    // Desktops stay online however far the clock moves.
    presence: { timeoutMs: 1000 * HOUR, sweepIntervalMs: 24 * HOUR },
  })
  return { context, advance: (ms: number) => (clock += ms) }
}

async function teamWith(
  context: SharedStateRelay,
  windowRescue: WindowRescuePolicy | null,
  isAutoAssigning = false,
) {
  const created = await call<Team>(context.relay, context.adminToken, 'POST', '/api/teams', {
    name: `Front ${Math.random().toString(36).slice(2, 8)}`,
    isAutoAssigning,
    windowRescue,
  })
  expect(created.status).toBe(201)
  return created.body
}

async function assign(context: SharedStateRelay, written: Conversation, assignee: string) {
  // Auto-assignment may have moved it since the push: assign what the relay holds now.
  await context.relay.autoAssign.settle()
  const conversation = (await context.relay.store.conversations.get(written.id))!
  const answer = await call<Conversation>(
    context.relay,
    context.adminToken,
    'PUT',
    `/api/conversations/${conversation.id}/assignee`,
    {
      assignee,
      version: conversation.version,
    },
  )
  expect(answer.status).toBe(200)
  return answer.body
}

async function rescueLinesOf(context: SharedStateRelay, conversationId: string) {
  const page = await call<{ messages: Message[] }>(
    context.relay,
    context.adminToken,
    'GET',
    `/api/conversations/${conversationId}/messages?limit=50`,
  )
  return page.body.messages.flatMap((message) =>
    message.body.type === 'activity' && message.body.action === 'window_rescue' ? [message.body] : [],
  )
}

test('an unanswered conversation whose window closes within the hour on an absent holder returns to the queue, saying why', async () => {
  const { context, advance } = await startRescueRelay()
  try {
    const team = await teamWith(context, {
      minutesBefore: 60,
      action: 'queue',
      reclaimOfflineAfterMinutes: null,
    })
    await createUser(context, 'alice', 'agent', team.id)
    const conversation = await assign(
      context,
      await followerWrites(context.relay, 'oRescueQueue000000000001', '还在吗？'),
      'alice',
    )

    // 46 hours on: two hours left, nothing to do yet.
    advance(46 * HOUR)
    expect(await context.relay.windowRescue.sweep()).toEqual([])
    advance(1.5 * HOUR)
    const moved = await context.relay.windowRescue.sweep()
    expect(moved.map((each) => [each.id, each.assignee])).toEqual([[conversation.id, null]])
    const [line] = await rescueLinesOf(context, conversation.id)
    expect(line).toMatchObject({ reason: 'window_closing', outcome: 'queued', detail: 'alice' })
    expect((line as { closesAt: number }).closesAt).toBe(
      conversation.windowHistory.lastOpenedAt.message! + 48 * HOUR,
    )
    // Once moved, it is not moved again.
    expect(await context.relay.windowRescue.sweep()).toEqual([])
  } finally {
    await context.close()
  }
})

test('with the reassign policy it goes to an online agent with room; with notify, supervisors are told once and it stays', async () => {
  const { context, advance } = await startRescueRelay()
  try {
    const team = await teamWith(
      context,
      { minutesBefore: 90, action: 'reassign', reclaimOfflineAfterMinutes: null },
      true,
    )
    await createUser(context, 'alice', 'agent', team.id)
    const bobToken = await createUser(context, 'bob', 'agent', team.id)
    const bob = await connectDesktop(context.relay, bobToken)
    const first = await followerWrites(context.relay, 'oRescueHand0000000000001', 'hi')
    // Auto-assignment gave it to bob, the one online; the admin hands it to alice, who is not.
    await expect
      .poll(async () => (await context.relay.store.conversations.get(first.id))?.assignee)
      .toBe('bob')
    await context.relay.autoAssign.settle()
    const held = await assign(context, (await context.relay.store.conversations.get(first.id))!, 'alice')
    expect(held.assignee).toBe('alice')

    const notifyTeam = await teamWith(context, {
      minutesBefore: 90,
      action: 'notify',
      reclaimOfflineAfterMinutes: null,
    })
    await createUser(context, 'carol', 'agent', notifyTeam.id)
    const second = await assign(
      context,
      await followerWrites(context.relay, 'oRescueTell0000000000001', 'hello?'),
      'carol',
    )

    advance(47 * HOUR)
    const moved = await context.relay.windowRescue.sweep()
    expect(moved.find((each) => each.id === first.id)?.assignee).toBe('bob')
    expect(moved.find((each) => each.id === second.id)?.assignee).toBe('carol')
    expect(await rescueLinesOf(context, first.id)).toEqual([
      expect.objectContaining({
        reason: 'window_closing',
        outcome: 'reassigned',
        detail: 'alice',
        to: 'bob',
      }),
    ])
    expect(await rescueLinesOf(context, second.id)).toEqual([
      expect.objectContaining({ reason: 'window_closing', outcome: 'notified', detail: 'carol' }),
    ])
    expect(await context.relay.windowRescue.sweep()).toEqual([])
    bob.socket.disconnect()
  } finally {
    await context.close()
  }
})

test('a disabled holder’s conversations, and a long-offline holder’s, are taken back whatever their windows', async () => {
  const { context, advance } = await startRescueRelay()
  try {
    const team = await teamWith(context, null)
    await createUser(context, 'dave', 'agent', team.id)
    await createUser(context, 'erin', 'agent', team.id)
    const daves = await assign(
      context,
      await followerWrites(context.relay, 'oRescueGone0000000000001'),
      'dave',
    )
    const erins = await assign(
      context,
      await followerWrites(context.relay, 'oRescueAway0000000000001'),
      'erin',
    )
    expect(
      (await call(context.relay, context.adminToken, 'PATCH', '/api/users/dave', { isDisabled: true }))
        .status,
    ).toBe(200)
    const moved = await context.relay.windowRescue.sweep()
    expect(moved.map((each) => each.id)).toEqual([daves.id])
    expect(await rescueLinesOf(context, daves.id)).toEqual([
      expect.objectContaining({ reason: 'holder_disabled', outcome: 'queued', detail: 'dave' }),
    ])
    // The default policy takes back what an agent offline for 30 minutes holds.
    advance(31 * 60_000)
    const later = await context.relay.windowRescue.sweep()
    expect(later.map((each) => [each.id, each.assignee])).toEqual([[erins.id, null]])
    expect(await rescueLinesOf(context, erins.id)).toEqual([
      expect.objectContaining({ reason: 'holder_offline', outcome: 'queued', detail: 'erin' }),
    ])
  } finally {
    await context.close()
  }
})
