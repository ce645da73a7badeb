import { expect, test } from '@playwright/test'
import type { InboundPush } from '../../../../common/domain/inbound.js'
import { autoReplyFor } from '../../../../relay/auto-replies/auto-reply-for.js'
import { DEFAULT_AUTO_REPLY_RULES, type AutoReplyRules } from '../../../../common/relay/auto-reply-rules.js'
import { isWithinWorkingHours } from '../../../../relay/auto-replies/working-hours.js'

const header = { accountKey: 'default', accountId: 'gh_x', openId: 'o1', createTime: 1, raw: {} }
const text = (value: string): InboundPush => ({
  ...header,
  kind: 'message',
  msgId: '1',
  body: { type: 'text', text: value },
})
const rules: AutoReplyRules = {
  ...DEFAULT_AUTO_REPLY_RULES,
  welcome: { defaultText: 'hi', byScene: { shop: 'shop hi' } },
  menu: { K1: 'menu one' },
  keywords: [
    { match: 'contains', keyword: 'price', text: 'contains price' },
    { match: 'exact', keyword: 'Price', text: 'exact price' },
  ],
  offHours: { ...DEFAULT_AUTO_REPLY_RULES.offHours, isEnabled: true, timeZone: 'Asia/Shanghai' },
}
// Monday 2026-11-23 10:00 in Shanghai is 02:00 UTC.
const mondayMorning = Date.UTC(2026, 10, 23, 2, 0)
const mondayNight = Date.UTC(2026, 10, 23, 12, 0)

test('welcome by scene with the default, menu by EventKey, exact keywords before contains', () => {
  const follow = (qrScene?: string): InboundPush => ({
    ...header,
    kind: 'event',
    body: { event: 'subscribe', ...(qrScene === undefined ? {} : { qrScene }) },
  })
  expect(autoReplyFor(follow('shop'), rules, mondayMorning)).toEqual({ rule: 'welcome', text: 'shop hi' })
  expect(autoReplyFor(follow('elsewhere'), rules, mondayMorning)).toEqual({ rule: 'welcome', text: 'hi' })
  expect(autoReplyFor(follow(), rules, mondayMorning)).toEqual({ rule: 'welcome', text: 'hi' })
  const click = (key: string): InboundPush => ({ ...header, kind: 'event', body: { event: 'click', key } })
  expect(autoReplyFor(click('K1'), rules, mondayMorning)).toEqual({ rule: 'menu', text: 'menu one' })
  expect(autoReplyFor(click('K2'), rules, mondayMorning)).toBeNull()
  expect(autoReplyFor(text(' price '), rules, mondayMorning)).toEqual({
    rule: 'keyword',
    text: 'exact price',
  })
  expect(autoReplyFor(text('what is the PRICE?'), rules, mondayMorning)).toEqual({
    rule: 'keyword',
    text: 'contains price',
  })
  expect(autoReplyFor(text('hello'), rules, mondayMorning)).toBeNull()
  expect(autoReplyFor(text('hello'), rules, mondayNight)).toMatchObject({ rule: 'off_hours' })
})

test('working hours are read in the configured time zone, including shifts past midnight', () => {
  const hours = { ...DEFAULT_AUTO_REPLY_RULES.offHours, timeZone: 'Asia/Shanghai' }
  expect(isWithinWorkingHours(hours, mondayMorning)).toBe(true)
  expect(isWithinWorkingHours({ ...hours, timeZone: 'Europe/London' }, mondayMorning)).toBe(false)
  expect(isWithinWorkingHours(hours, Date.UTC(2026, 10, 22, 2, 0))).toBe(false)
  const night = { ...hours, start: '22:00', end: '06:00' }
  // Tuesday 01:00 Shanghai belongs to Monday's night shift; Saturday 01:00 to Friday's.
  expect(isWithinWorkingHours(night, Date.UTC(2026, 10, 23, 17, 0))).toBe(true)
  expect(isWithinWorkingHours(night, Date.UTC(2026, 10, 27, 17, 0))).toBe(true)
  expect(isWithinWorkingHours(night, Date.UTC(2026, 10, 29, 17, 0))).toBe(false)
})
