import { expect, test } from '@playwright/test'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  messagesLeft,
  replyWindowAt,
  sendRefusalAt,
  timeLeftMs,
  type WindowHistory,
} from '../../../common/domain/reply-window.js'

const HOUR = 3_600_000
const t0 = Date.UTC(2026, 0, 1)
const history = (patch: Partial<WindowHistory>): WindowHistory => ({
  lastOpenedAt: {},
  sendTimes: [],
  isUnsubscribed: false,
  ...patch,
})

test('a follower message opens 48 hours with 5 messages', () => {
  const window = replyWindowAt(history({ lastOpenedAt: { message: t0 } }), t0 + HOUR)
  expect(window).toMatchObject({
    state: 'open',
    kind: 'message',
    expiresAt: t0 + 48 * HOUR,
    quota: 5,
    used: 0,
  })
  expect(timeLeftMs(window, t0 + HOUR)).toBe(47 * HOUR)
  expect(messagesLeft(window)).toBe(5)
})

test('follow, scan and menu clicks open one minute with 3 messages', () => {
  const window = replyWindowAt(history({ lastOpenedAt: { event: t0 } }), t0 + 30_000)
  expect(window).toMatchObject({ state: 'open', kind: 'event', quota: 3, expiresAt: t0 + 60_000 })
  expect(sendRefusalAt(history({ lastOpenedAt: { event: t0 } }), t0 + 60_000)).toBe('window_closed')
})

test('a payment opens 48 hours without a quota', () => {
  const sends = Array.from({ length: 30 }, (_, i) => t0 + i * 1000)
  const window = replyWindowAt(history({ lastOpenedAt: { payment: t0 }, sendTimes: sends }), t0 + HOUR)
  expect(window.state).toBe('open')
  expect(messagesLeft(window)).toBeNull()
})

test('sends since the opening use the quota; the sixth is refused', () => {
  const sends = [1, 2, 3, 4, 5].map((i) => t0 + i * 1000)
  const h = history({ lastOpenedAt: { message: t0 }, sendTimes: sends })
  expect(sendRefusalAt(h, t0 + 10_000)).toBe('quota_exhausted')
  expect(sendRefusalAt({ ...h, sendTimes: sends.slice(0, 4) }, t0 + 10_000)).toBeNull()
})

test('a new follower message resets the count; sends before it do not count', () => {
  const sends = [1, 2, 3, 4, 5].map((i) => t0 + i * 1000)
  const h = history({ lastOpenedAt: { message: t0 + HOUR }, sendTimes: sends })
  expect(replyWindowAt(h, t0 + 2 * HOUR)).toMatchObject({ state: 'open', used: 0 })
})

test('the window expires exactly 48 hours after the message', () => {
  const h = history({ lastOpenedAt: { message: t0 } })
  expect(replyWindowAt(h, t0 + 48 * HOUR - 1).state).toBe('open')
  expect(replyWindowAt(h, t0 + 48 * HOUR)).toMatchObject({ state: 'closed', closedReason: 'expired' })
})

test('unsubscribing closes any window', () => {
  const h = history({ lastOpenedAt: { message: t0 }, isUnsubscribed: true })
  expect(replyWindowAt(h, t0 + 1)).toMatchObject({ state: 'closed', closedReason: 'unsubscribed' })
})

test('a follower who never wrote has no window', () => {
  expect(replyWindowAt(history({}), t0)).toMatchObject({ state: 'closed', closedReason: 'never_opened' })
})

test('of two windows in force, the longer one serves', () => {
  const h = history({ lastOpenedAt: { message: t0, event: t0 + HOUR } })
  expect(replyWindowAt(h, t0 + HOUR + 1000)).toMatchObject({ kind: 'message' })
})

test('quotas are configuration', () => {
  const config = { ...DEFAULT_REPLY_WINDOW_CONFIG, message: { durationMs: 48 * HOUR, quota: 20 } }
  const sends = Array.from({ length: 10 }, (_, i) => t0 + i)
  const window = replyWindowAt(history({ lastOpenedAt: { message: t0 }, sendTimes: sends }), t0 + 100, config)
  expect(messagesLeft(window)).toBe(10)
})

test('an opening stamped after `now` (another clock, a coarse tick) is already in force', () => {
  // Followed at t0, wrote 20 s later; evaluated at a tick that has not reached the message's stamp.
  const followedThenWrote = history({ lastOpenedAt: { event: t0, message: t0 + 20_000 } })
  const window = replyWindowAt(followedThenWrote, t0 + 15_000)
  expect(window).toMatchObject({ state: 'open', kind: 'message', used: 0, quota: 5 })
  expect(timeLeftMs(window, t0 + 15_000)).toBe(48 * HOUR + 5_000)
  expect(sendRefusalAt(history({ lastOpenedAt: { message: t0 + 2_000 } }), t0)).toBeNull()
})
