import { randomUUID } from 'node:crypto'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Message, OutgoingBody, SendFailure } from '../../common/domain/message.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  sendRefusalAt,
  type ReplyWindowConfig,
} from '../../common/domain/reply-window.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { assignConversation } from '../assignment/assign-conversation.js'
import { can } from '../auth/permissions.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import { previewOf } from './preview-of.js'

/** What an agent (or an auto-reply) asks to send. */
export interface OutgoingRequest {
  readonly conversationId: string
  readonly clientMessageId: string
  readonly body: OutgoingBody
  /** Null for the relay's own auto-replies. */
  readonly sender: User | null
  readonly isAutomatic?: boolean
}

/** Commands on conversations: each one transaction, each change an event in the log. */
export interface ConversationService {
  /**
   * Checks permission, then the reply window and quota with the common policy, then stores a `pending`
   * message. Idempotent on the client id: a resend answers the message already stored (`isNew: false`).
   */
  createOutgoing(request: OutgoingRequest): { readonly message: Message; readonly isNew: boolean }
  /** WeChat took the message: `sent`, and the team has answered (unread back to 0). */
  markSent(messageId: string): Message
  /** WeChat refused it or could not be reached: `failed` with the reason; its quota use is given back. */
  markFailed(messageId: string, failure: SendFailure): Message
  /** createOutgoing, then delivery through the sender in the background; answers the stored message. */
  send(request: OutgoingRequest): Message
  /** Compare-and-set on the version the caller saw; a stale version is a `conflict` with the current state. */
  assign(user: User, conversationId: string, assignee: string | null, version: number): Conversation
  /** Resolves when every background delivery started so far has finished. */
  settle(): Promise<void>
}

/** Collaborators of the conversation service. */
export interface ConversationServiceDependencies {
  readonly store: RelayStore
  /** Called synchronously right after each commit (see the ingest pipeline). */
  readonly publish: (events: readonly RelayEvent[]) => void
  /** Absent: nothing is sent, and messages fail with `not_configured` rather than pretend. */
  readonly sender: WeChatSender | null
  readonly replyWindow?: ReplyWindowConfig
  readonly now?: () => number
  readonly onDeliveryError?: (error: unknown, message: Message) => void
}

/** The failure recorded when the relay has no way to reach WeChat. */
export const NO_SENDER_FAILURE: SendFailure = {
  code: 'not_configured',
  message: 'The relay has no WeChat connection configured, so this message was not sent.',
  isRetryable: true,
}

/** Creates the conversation service over the store. */
export function createConversationService(
  dependencies: ConversationServiceDependencies,
): ConversationService {
  const { store, publish, sender } = dependencies
  const now = dependencies.now ?? Date.now
  const replyWindow = dependencies.replyWindow ?? DEFAULT_REPLY_WINDOW_CONFIG
  const deliveries = new Set<Promise<void>>()

  function committed<T>(work: (events: RelayEvent[]) => T): T {
    const events: RelayEvent[] = []
    const result = store.transaction(() => work(events))
    publish(events)
    return result
  }

  function conversationOrThrow(conversationId: string): Conversation {
    const conversation = store.conversations.get(conversationId)
    if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
    return conversation
  }

  function messageOrThrow(messageId: string): Message {
    const message = store.messages.get(messageId)
    if (message === null) throw new RelayError('not_found', `No message ${messageId}.`)
    return message
  }

  const service: ConversationService = {
    createOutgoing(request) {
      return committed((events) => {
        const existing = store.messages.findByClientMessageId(request.conversationId, request.clientMessageId)
        if (existing !== null) return { message: existing, isNew: false }
        const conversation = conversationOrThrow(request.conversationId)
        const access =
          request.sender === null ? undefined : conversationAccessOf(store, request.sender, conversation)
        if (request.sender !== null && !can(request.sender, 'message:send', conversation, access)) {
          throw new RelayError('forbidden', 'You may not answer this conversation.')
        }
        const at = now()
        const refusal = sendRefusalAt(conversation.windowHistory, at, replyWindow)
        if (refusal === 'window_closed') {
          throw new RelayError('window_closed', 'The reply window is closed: WeChat would refuse (45015).', {
            windowHistory: conversation.windowHistory,
          })
        }
        if (refusal === 'quota_exhausted') {
          throw new RelayError(
            'quota_exhausted',
            'No messages left in this window: WeChat would refuse (45047).',
            {
              windowHistory: conversation.windowHistory,
            },
          )
        }
        const message: Message = {
          id: randomUUID(),
          conversationId: conversation.id,
          direction: 'outgoing',
          body: request.body,
          status: 'pending',
          createdAt: at,
          clientMessageId: request.clientMessageId,
          senderUsername: request.sender?.username ?? null,
          isAutomatic: request.isAutomatic ?? false,
          wechatMsgId: null,
          failure: null,
        }
        const updated: Conversation = {
          ...conversation,
          lastMessage: previewOf(message),
          windowHistory: {
            ...conversation.windowHistory,
            sendTimes: [...conversation.windowHistory.sendTimes, at],
          },
          version: conversation.version + 1,
          updatedAt: at,
        }
        store.conversations.save(updated)
        store.messages.insert(message, { countsQuota: true })
        events.push(store.events.append({ type: 'message.created', at, message, conversation: updated }))
        return { message, isNew: true }
      })
    },

    markSent(messageId) {
      return committed((events) => {
        const message: Message = { ...messageOrThrow(messageId), status: 'sent', failure: null }
        const conversation = conversationOrThrow(message.conversationId)
        const at = now()
        const updated: Conversation = {
          ...conversation,
          unreadCount: 0,
          version: conversation.version + 1,
          updatedAt: at,
        }
        store.messages.update(message)
        store.conversations.save(updated)
        events.push(store.events.append({ type: 'message.updated', at, message, conversation: updated }))
        return message
      })
    },

    markFailed(messageId, failure) {
      return committed((events) => {
        const message: Message = { ...messageOrThrow(messageId), status: 'failed', failure }
        const conversation = conversationOrThrow(message.conversationId)
        const at = now()
        // WeChat did not take it, so it did not use a message of the window.
        const sendTimes = [...conversation.windowHistory.sendTimes]
        const index = sendTimes.indexOf(message.createdAt)
        if (index >= 0) sendTimes.splice(index, 1)
        const updated: Conversation = {
          ...conversation,
          windowHistory: { ...conversation.windowHistory, sendTimes },
          version: conversation.version + 1,
          updatedAt: at,
        }
        store.messages.update(message, { countsQuota: false })
        store.conversations.save(updated)
        events.push(store.events.append({ type: 'message.updated', at, message, conversation: updated }))
        return message
      })
    },

    send(request) {
      const { message, isNew } = service.createOutgoing(request)
      if (!isNew) return message
      if (sender === null) return service.markFailed(message.id, NO_SENDER_FAILURE)
      const kfAccount = request.sender?.kfAccount ?? null
      const delivery = sender
        .deliver(message, { kfAccount })
        .then((result) => {
          if (result.ok) service.markSent(message.id)
          else service.markFailed(message.id, result.failure)
        })
        .catch((error: unknown) => dependencies.onDeliveryError?.(error, message))
        .finally(() => deliveries.delete(delivery))
      deliveries.add(delivery)
      return message
    },

    assign(user, conversationId, assignee, version) {
      // The rules (compare-and-set, roles, receivers, activity lines) live with the bulk and auto paths.
      return committed((events) =>
        assignConversation(store, events, { actor: user, conversationId, assignee, version, at: now() }),
      )
    },

    async settle() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries])
    },
  }
  return service
}
