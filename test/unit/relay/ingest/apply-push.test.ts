import { expect, test } from '@playwright/test'
import type { InboundPush } from '../../../../common/domain/inbound.js'
import { followOriginOf } from '../../../../common/domain/conversation.js'
import { replyWindowAt } from '../../../../common/domain/reply-window.js'
import { conversationAfterPush, messageOfPush } from '../../../../relay/ingest/apply-push.js'

const at = 1_714_000_000
const header = { accountKey: 'default', accountId: 'gh_x', openId: 'o_unit', createTime: at, raw: {} }
const text = (msgId: string, createTime = at): InboundPush => ({
  ...header,
  createTime,
  kind: 'message',
  msgId,
  body: { type: 'text', text: `message ${msgId}` },
})
const event = (body: Extract<InboundPush, { kind: 'event' }>['body'], createTime = at): InboundPush => ({
  ...header,
  createTime,
  kind: 'event',
  body,
})

function apply(pushes: readonly InboundPush[]) {
  return pushes.reduce(
    (conversation, push, index) =>
      conversationAfterPush(conversation, push, messageOfPush(push, `id${index}`), push.createTime * 1000),
    null as ReturnType<typeof conversationAfterPush> | null,
  )!
}

test('a follow through a QR code opens the 1-minute event window and records the scene', () => {
  const conversation = apply([event({ event: 'subscribe', qrScene: 'booth_7' })])
  expect(conversation.sourceScene).toBe('booth_7')
  expect(conversation.followState).toBe('subscribed')
  const window = replyWindowAt(conversation.windowHistory, at * 1000 + 10_000)
  expect(window).toMatchObject({ state: 'open', kind: 'event', quota: 3 })
  expect(conversation.unansweredCount).toBe(0)
})

test('a follower message opens the 48-hour window and counts as unread; a VIEW opens nothing', () => {
  const conversation = apply([text('1'), event({ event: 'view', url: 'https://example.com' }, at + 5)])
  expect(conversation.windowHistory.lastOpenedAt).toEqual({ message: at * 1000 })
  expect(conversation.unansweredCount).toBe(1)
  expect(conversation.lastMessage?.text).toBe('message 1')
  expect(conversation.version).toBe(2)
})

test('unsubscribe closes the window; a message on a resolved ticket opens the next ticket', () => {
  const left = apply([text('1'), event({ event: 'unsubscribe' }, at + 1)])
  expect(left.followState).toBe('unsubscribed')
  expect(replyWindowAt(left.windowHistory, at * 1000 + 2000).closedReason).toBe('unsubscribed')
  const resolved = { ...apply([text('1')]), status: 'resolved' as const }
  const push = text('2', at + 60)
  const reopened = conversationAfterPush(resolved, push, messageOfPush(push, 'id2'), (at + 60) * 1000)
  expect(reopened).toMatchObject({ status: 'open', ticketNumber: resolved.ticketNumber + 1 })
})

test('with the reopen policy, a message on a resolved ticket reopens that same ticket', () => {
  const resolved = { ...apply([text('1')]), status: 'resolved' as const }
  const push = text('2', at + 60)
  const message = messageOfPush(push, 'id2')
  const reopened = conversationAfterPush(resolved, push, message, (at + 60) * 1000, 'reopen')
  expect(reopened).toMatchObject({ status: 'open', ticketNumber: resolved.ticketNumber })
  // Only a follower's message reopens: an event (a menu click, say) leaves the ticket resolved.
  const click = event({ event: 'click', key: 'MENU_HELP' }, at + 61)
  expect(
    conversationAfterPush(resolved, click, messageOfPush(click, 'id3'), (at + 61) * 1000, 'reopen').status,
  ).toBe('resolved')
})

test('events become messages with body {type: event, ...} so the history reads in order', () => {
  const push = event({ event: 'click', key: 'MENU_HELP' })
  expect(messageOfPush(push, 'm').body).toEqual({ type: 'event', event: 'click', key: 'MENU_HELP' })
  expect(messageOfPush(text('6054768590064713728'), 'm').wechatMsgId).toBe('6054768590064713728')
})

test('a follow heard by the relay makes the origin known: its QR scene, else a search or direct follow', () => {
  const scanned = apply([event({ event: 'subscribe', qrScene: 'booth_7' })])
  expect(followOriginOf(scanned)).toEqual({ kind: 'scene', scene: 'booth_7' })
  const searched = apply([event({ event: 'subscribe' }), text('1', at + 1)])
  expect(searched.hasSeenFollow).toBe(true)
  expect(followOriginOf(searched)).toEqual({ kind: 'search-or-direct' })
})

test('a follower first seen writing came from somewhere unknown, until a later follow says', () => {
  const writing = apply([text('1'), event({ event: 'scan', scene: 'booth_7' }, at + 1)])
  expect(writing.followState).toBe('subscribed')
  expect(writing.hasSeenFollow).toBe(false)
  expect(followOriginOf(writing)).toEqual({ kind: 'unknown' })
  const refollowed = apply([
    text('1'),
    event({ event: 'unsubscribe' }, at + 1),
    event({ event: 'subscribe' }, at + 2),
  ])
  expect(followOriginOf(refollowed)).toEqual({ kind: 'search-or-direct' })
})
