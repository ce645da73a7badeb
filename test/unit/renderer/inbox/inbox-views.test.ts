import { expect, test } from '@playwright/test'
import { countdownOf, durationParts } from '../../../../renderer/src/inbox/countdown.js'
import { countViews, inboxRowIds } from '../../../../renderer/src/inbox/inbox-views.js'
import { replyWindowAt } from '../../../../common/domain/reply-window.js'
import { itemOf } from '../fake-bridge.js'

const NOW = Date.UTC(2026, 0, 1)
const HOUR = 3_600_000

test('the inbox sorts by window time left, then by waiting time; closed windows last', () => {
  const items = [
    itemOf('fresh', NOW, 1),
    itemOf('urgent', NOW, 47.5),
    itemOf('closed', NOW, 50),
    itemOf('middle', NOW, 30),
    {
      ...itemOf('never', NOW, 0),
      conversation: {
        ...itemOf('never', NOW, 0).conversation,
        windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
        lastIncomingAt: NOW - 60 * HOUR,
      },
    },
  ]
  expect(inboxRowIds(items, 'all', 'any', 'mei', NOW)).toEqual([
    'urgent',
    'middle',
    'fresh',
    'never',
    'closed',
  ])
})

test('views and counts: mine, unassigned, expiring soon, by tag, under the status filter', () => {
  const items = [
    itemOf('a', NOW, 45, { assignee: 'mei', tagIds: ['vip'] }),
    itemOf('b', NOW, 1, { assignee: null }),
    itemOf('c', NOW, 47, { assignee: 'bo', status: 'resolved', tagIds: ['vip'] }),
  ]
  expect(inboxRowIds(items, 'mine', 'active', 'mei', NOW)).toEqual(['a'])
  expect(inboxRowIds(items, 'unassigned', 'active', 'mei', NOW)).toEqual(['b'])
  expect(inboxRowIds(items, 'expiring', 'any', 'mei', NOW)).toEqual(['c', 'a'])
  expect(inboxRowIds(items, 'tag:vip', 'resolved', 'mei', NOW)).toEqual(['c'])
  expect(countViews(items, 'active', 'mei', NOW)).toEqual({
    mine: 1,
    unassigned: 1,
    all: 2,
    expiring: 1,
    snoozed: 0,
    byTag: { vip: 1 },
  })
})

test('a snoozed conversation leaves every view for the snoozed one, and comes back when its time passes', () => {
  const items = [
    itemOf('later', NOW, 45, { assignee: 'mei', snooze: { until: NOW + HOUR, by: 'mei' } }),
    itemOf('reply', NOW, 1, { assignee: null, snooze: { until: null, by: 'mei' } }),
    itemOf('awake', NOW, 2, { assignee: 'mei', snooze: { until: NOW - 1, by: 'mei' } }),
  ]
  expect(inboxRowIds(items, 'mine', 'active', 'mei', NOW)).toEqual(['awake'])
  expect(inboxRowIds(items, 'all', 'active', 'mei', NOW)).toEqual(['awake'])
  expect(inboxRowIds(items, 'snoozed', 'active', 'mei', NOW)).toEqual(['later', 'reply'])
  expect(countViews(items, 'active', 'mei', NOW)).toMatchObject({
    mine: 1,
    unassigned: 0,
    all: 1,
    snoozed: 2,
  })
  // An hour on, the timed one is back; the one waiting for the follower stays snoozed.
  expect(inboxRowIds(items, 'mine', 'active', 'mei', NOW + HOUR)).toEqual(['later', 'awake'])
  expect(countViews(items, 'active', 'mei', NOW + HOUR)).toMatchObject({ snoozed: 1 })
})

test('countdown stages: green > 12 h, lime 6–12 h, amber < 6 h, red < 1 h, grey closed; event windows marked', () => {
  const stageAt = (hoursAgo: number): string =>
    countdownOf(replyWindowAt(itemOf('x', NOW, hoursAgo).conversation.windowHistory, NOW), NOW).stage
  expect(stageAt(1)).toBe('green')
  expect(stageAt(40)).toBe('lime')
  expect(stageAt(43)).toBe('amber')
  expect(stageAt(47.5)).toBe('red')
  expect(stageAt(49)).toBe('expired')
  const event = countdownOf(
    replyWindowAt(
      { lastOpenedAt: { event: NOW - 20_000 }, sendTimes: [NOW - 10_000], isUnsubscribed: false },
      NOW,
    ),
    NOW,
  )
  expect(event).toMatchObject({
    isEventWindow: true,
    stage: 'red',
    messagesLeft: 2,
    quota: 3,
    timeLeftMs: 40_000,
  })
  expect(durationParts(47 * HOUR + 59 * 60_000 + 1)).toEqual({ hours: 47, minutes: 59, seconds: 1 })
})

test('“Expiring soon” does not count a follower who followed and then wrote within the same tick', () => {
  // The demo's followers follow (a 1-minute window), then write; the inbox counts at 15 s ticks.
  const tick = NOW - 5_000
  const followedThenWrote = itemOf('new', NOW, 0, {
    windowHistory: {
      lastOpenedAt: { event: NOW - 20_000, message: NOW },
      sendTimes: [NOW - 19_000],
      isUnsubscribed: false,
    },
  })
  expect(countViews([followedThenWrote], 'any', 'mei', tick).expiring).toBe(0)
  expect(inboxRowIds([followedThenWrote], 'expiring', 'any', 'mei', tick)).toEqual([])
  const stage = countdownOf(replyWindowAt(followedThenWrote.conversation.windowHistory, tick), tick).stage
  expect(stage).toBe('green')
})
