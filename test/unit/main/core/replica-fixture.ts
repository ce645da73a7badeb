import { conversationKeyOf } from '../../../../common/domain/account.js'
import type { Conversation } from '../../../../common/domain/conversation.js'
import type { Message } from '../../../../common/domain/message.js'
import type { RelayEvent } from '../../../../common/relay/events.js'

/** A conversation as the relay would send it. */
export function conversationOf(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    ...conversationKeyOf(id),
    remark: null,
    followState: 'subscribed',
    sourceScene: null,
    hasSeenFollow: false,
    unionId: null,
    snooze: null,
    awaitingReplySince: null,
    ticketRepliedAt: null,
    rating: null,
    ratingQuestion: null,
    firstSeenAt: 1_700_000_000_000,
    lastMessage: null,
    lastIncomingAt: null,
    unansweredCount: 0,
    windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
    assignee: null,
    status: 'open',
    ticketNumber: 1,
    tagIds: [],
    notes: '',
    version: 1,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  }
}

/** An incoming text message. */
export function messageOf(
  id: string,
  conversationId: string,
  text: string,
  createdAt: number,
  overrides: Partial<Message> = {},
): Message {
  return {
    id,
    conversationId,
    direction: 'incoming',
    body: { type: 'text', text },
    status: 'sent',
    createdAt,
    clientMessageId: null,
    senderUsername: null,
    isAutomatic: false,
    wechatMsgId: null,
    failure: null,
    ...overrides,
  }
}

/** `message.created` events for texts, one conversation each by `conversationOfIndex`. */
export function createdEvents(
  texts: readonly string[],
  conversationOfIndex: (index: number) => Conversation,
  firstSeq = 1,
): RelayEvent[] {
  return texts.map((text, index) => {
    const conversation = conversationOfIndex(index)
    const message = messageOf(
      `m${firstSeq + index}`,
      conversation.id,
      text,
      1_700_000_000_000 + (firstSeq + index) * 1000,
    )
    return {
      seq: firstSeq + index,
      at: message.createdAt,
      type: 'message.created',
      message,
      conversation: {
        ...conversation,
        lastMessage: { messageId: message.id, direction: 'incoming', text, createdAt: message.createdAt },
        version: firstSeq + index,
      },
    }
  })
}
