import { conversationKeyOf } from '../../common/domain/account.js'
import type { Conversation } from '../../common/domain/conversation.js'
import { conversationIdOfPush, type InboundEventBody, type InboundPush } from '../../common/domain/inbound.js'
import type { Message } from '../../common/domain/message.js'
import type { WindowHistory, WindowOpener } from '../../common/domain/reply-window.js'
import { ratingOf } from '../../common/domain/satisfaction.js'
import { previewOf } from '../conversations/preview-of.js'

/** How long sends are remembered for the window policy: the longest window WeChat grants. */
export const SEND_HISTORY_MS = 48 * 60 * 60 * 1000

/** Events that open a 1-minute window (reference §2.4): follow, QR scan, push-type menu clicks. */
const EVENT_OPENERS: ReadonlySet<InboundEventBody['event']> = new Set([
  'subscribe',
  'scan',
  'click',
  'scancode_push',
  'scancode_waitmsg',
])

/** Events an agent should see at the top of the inbox; the rest (location reports, views) only in history. */
const NOTEWORTHY_EVENTS: ReadonlySet<InboundEventBody['event']> = new Set([
  'subscribe',
  'unsubscribe',
  'scan',
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
])

/** The message a push becomes: follower messages as themselves, events as `{type: 'event', ...}`. */
export function messageOfPush(push: InboundPush, id: string): Message {
  return {
    id,
    conversationId: conversationIdOfPush(push),
    direction: 'incoming',
    body: push.kind === 'message' ? push.body : { type: 'event', ...push.body },
    status: 'sent',
    // WeChat's CreateTime is what the follower did; the relay's clock only says when it heard.
    createdAt: push.createTime * 1000,
    clientMessageId: null,
    senderUsername: null,
    isAutomatic: false,
    wechatMsgId: push.kind === 'message' ? push.msgId : null,
    failure: null,
  }
}

/** A conversation the relay has never seen, for a follower's first push. */
export function newConversation(id: string, now: number): Conversation {
  return {
    id,
    ...conversationKeyOf(id),
    remark: null,
    followState: 'unknown',
    sourceScene: null,
    hasSeenFollow: false,
    awaitingReplySince: null,
    ticketRepliedAt: null,
    rating: null,
    ratingQuestion: null,
    firstSeenAt: now,
    lastMessage: null,
    lastIncomingAt: null,
    unansweredCount: 0,
    windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
    assignee: null,
    status: 'open',
    ticketNumber: 1,
    tagIds: [],
    notes: '',
    version: 0,
    updatedAt: now,
    unionId: null,
    snooze: null,
  }
}

/**
 * What a follower writing to a resolved ticket does: open the next ticket (its own number, history and
 * metrics), or reopen the same one (teams that count a follow-up as the same case).
 */
export type ResolvedTicketPolicy = 'new' | 'reopen'

/**
 * The conversation after one stored push: preview, waiting time, unread, follow state, source scene,
 * the reply window's history, and the ticket opened again when a follower writes to a resolved one.
 */
export function conversationAfterPush(
  previous: Conversation | null,
  push: InboundPush,
  message: Message,
  now: number,
  resolvedTicket: ResolvedTicketPolicy = 'new',
): Conversation {
  const base = previous ?? newConversation(message.conversationId, now)
  const at = message.createdAt
  const event = push.kind === 'event' ? push.body : null
  const isFollowerMessage = push.kind === 'message'
  const isNoteworthy = isFollowerMessage || (event !== null && NOTEWORTHY_EVENTS.has(event.event))
  const opener: WindowOpener | null = isFollowerMessage
    ? 'message'
    : event !== null && EVENT_OPENERS.has(event.event)
      ? 'event'
      : null
  const rating = isFollowerMessage ? ratingAnswerOf(base, push, at) : null
  if (rating !== null) return ratedConversation(base, message, push, rating, at, now)
  const isNextTicket = isFollowerMessage && base.status === 'resolved' && resolvedTicket === 'new'
  return {
    ...base,
    followState: followStateAfter(base.followState, push),
    sourceScene:
      event?.event === 'subscribe' && event.qrScene !== undefined ? event.qrScene : base.sourceScene,
    hasSeenFollow: base.hasSeenFollow || event?.event === 'subscribe',
    lastMessage: isNoteworthy ? previewOf(message) : base.lastMessage,
    lastIncomingAt: isNoteworthy ? Math.max(base.lastIncomingAt ?? 0, at) : base.lastIncomingAt,
    unansweredCount: isFollowerMessage ? base.unansweredCount + 1 : base.unansweredCount,
    windowHistory: windowHistoryAfter(base.windowHistory, push, opener, at, now),
    status: isFollowerMessage && base.status !== 'open' ? 'open' : base.status,
    ticketNumber: isNextTicket ? base.ticketNumber + 1 : base.ticketNumber,
    // A follower's message wakes a snoozed conversation, whatever time it was snoozed until.
    snooze: isFollowerMessage ? null : base.snooze,
    // The SLA clock runs from the oldest message no agent answered; a new ticket starts it afresh.
    awaitingReplySince: isFollowerMessage
      ? isNextTicket
        ? at
        : (base.awaitingReplySince ?? at)
      : base.awaitingReplySince,
    ticketRepliedAt: isNextTicket ? null : base.ticketRepliedAt,
    // The follower's next message after the rating question, if not a rating, ends the question.
    ratingQuestion: isFollowerMessage ? null : base.ratingQuestion,
    version: base.version + 1,
    updatedAt: now,
  }
}

/** The score of a follower's answer to the open rating question, or null when it is none. */
function ratingAnswerOf(base: Conversation, push: InboundPush, at: number): number | null {
  const question = base.ratingQuestion
  if (question === null || base.status !== 'resolved' || push.kind !== 'message') return null
  if (push.body.type !== 'text' || at > question.answerBy || at < question.askedAt) return null
  return ratingOf(push.body.text)
}

/** A rating is kept on the resolved ticket: it neither reopens it nor opens a new one. */
function ratedConversation(
  base: Conversation,
  message: Message,
  push: InboundPush,
  score: number,
  at: number,
  now: number,
): Conversation {
  return {
    ...base,
    lastMessage: previewOf(message),
    lastIncomingAt: Math.max(base.lastIncomingAt ?? 0, at),
    windowHistory: windowHistoryAfter(base.windowHistory, push, 'message', at, now),
    rating: { score, ticketNumber: base.ratingQuestion?.ticketNumber ?? base.ticketNumber, at },
    ratingQuestion: null,
    version: base.version + 1,
    updatedAt: now,
  }
}

function followStateAfter(
  previous: Conversation['followState'],
  push: InboundPush,
): Conversation['followState'] {
  if (push.kind === 'event' && push.body.event === 'unsubscribe') return 'unsubscribed'
  if (push.kind === 'event' && push.body.event === 'subscribe') return 'subscribed'
  // Only followers can write or scan; a message proves the follow even when the subscribe predates the relay.
  return previous === 'unknown' ? 'subscribed' : previous
}

function windowHistoryAfter(
  history: WindowHistory,
  push: InboundPush,
  opener: WindowOpener | null,
  at: number,
  now: number,
): WindowHistory {
  const isUnsubscribe = push.kind === 'event' && push.body.event === 'unsubscribe'
  const isResubscribe = push.kind === 'event' && push.body.event === 'subscribe'
  const previousOpening = opener === null ? undefined : history.lastOpenedAt[opener]
  return {
    lastOpenedAt:
      opener === null || (previousOpening !== undefined && previousOpening >= at)
        ? history.lastOpenedAt
        : { ...history.lastOpenedAt, [opener]: at },
    sendTimes: history.sendTimes.filter((time) => time > now - SEND_HISTORY_MS),
    isUnsubscribed: isUnsubscribe
      ? true
      : isResubscribe || push.kind === 'message'
        ? false
        : history.isUnsubscribed,
  }
}
