import { randomUUID } from 'node:crypto'
import type { Conversation } from '../../common/domain/conversation.js'
import type { MessageMedia } from '../../common/domain/media.js'
import type { Message, OutgoingBody, SendFailure } from '../../common/domain/message.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  sendRefusalAt,
  type ReplyWindowOf,
  type WindowHistory,
} from '../../common/domain/reply-window.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { StoreTransaction } from '../store/relay-store.js'
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

/** The transaction bodies of the outgoing path; each runs inside the caller's transaction. */
export interface OutgoingRecords {
  /**
   * Permission, window and quota, then a `pending` row; a known client id answers the stored message,
   * except one that failed in a way WeChat did not deliver (`isRetryable`): sending it again is a retry,
   * the same message made `pending` again, when `canDeliver` (a relay with no way to WeChat would only
   * fail it once more). `isNew` says a delivery is due, `sentAt` is its quota's time.
   */
  recordOutgoing(
    tx: StoreTransaction,
    events: RelayEvent[],
    request: OutgoingRequest,
    at: number,
    canDeliver?: boolean,
  ): Promise<{ readonly message: Message; readonly isNew: boolean; readonly sentAt: number }>
  /**
   * An auto-reply answered in the webhook's own response (reference §5): stored `sent` at once, without
   * the window's check or its quota, which a passive reply does not use. A known client id (WeChat
   * delivering the push again) answers the stored message.
   */
  recordPassiveReply(
    tx: StoreTransaction,
    events: RelayEvent[],
    request: Pick<OutgoingRequest, 'conversationId' | 'clientMessageId' | 'body'>,
    at: number,
  ): Promise<Message>
  /** `pending` → `sent`; keeps WeChat's template job id so `TEMPLATESENDJOBFINISH` finds the message. */
  recordSent(
    tx: StoreTransaction,
    events: RelayEvent[],
    messageId: string,
    at: number,
    wechatJobId?: string,
  ): Promise<Message>
  /**
   * `pending` → `failed`; the window's quota taken at `sentAt` (default: the message's creation, its first
   * attempt) is given back unless the message may have arrived.
   */
  recordFailed(
    tx: StoreTransaction,
    events: RelayEvent[],
    messageId: string,
    failure: SendFailure,
    at: number,
    sentAt?: number,
  ): Promise<Message>
}

/** Failures after which the message may still have reached the follower: its quota use stands. */
const UNCERTAIN_CODES: ReadonlySet<string> = new Set(['delivery_uncertain'])

/**
 * Creates the outgoing records, run in each caller's transaction. A pending message names
 * `sendingRelay`, the relay that will send it (the store's `relayId`).
 */
export function createOutgoingRecords(replyWindowOf: ReplyWindowOf, sendingRelay: string): OutgoingRecords {
  // Sends older than the longest window can never count again: dropping them keeps every conversation
  // row, event and window computation the same size however long the follower has been talking. Only
  // quotas differ between accounts, never the windows' lengths, which are WeChat's.
  const longestWindowMs = Math.max(
    ...Object.values(DEFAULT_REPLY_WINDOW_CONFIG).map((rule) => rule.durationMs),
  )

  async function conversationOrThrow(tx: StoreTransaction, conversationId: string): Promise<Conversation> {
    const conversation = await tx.conversations.get(conversationId)
    if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
    return conversation
  }

  async function messageOrThrow(tx: StoreTransaction, messageId: string): Promise<Message> {
    const message = await tx.messages.get(messageId)
    if (message === null) throw new RelayError('not_found', `No message ${messageId}.`)
    return message
  }

  function withSend(history: WindowHistory, at: number): WindowHistory {
    const recent = history.sendTimes.filter((time) => time > at - longestWindowMs)
    return { ...history, sendTimes: [...recent, at] }
  }

  async function refuseUnlessAllowed(
    tx: StoreTransaction,
    request: OutgoingRequest,
    conversation: Conversation,
  ): Promise<void> {
    const access =
      request.sender === null ? undefined : await conversationAccessOf(tx, request.sender, conversation)
    if (request.sender !== null && !can(request.sender, 'message:send', conversation, access)) {
      throw new RelayError('forbidden', 'You may not answer this conversation.')
    }
  }

  /** A failed message sent again: `pending` once more, its quota taken anew now. */
  async function retried(
    tx: StoreTransaction,
    events: RelayEvent[],
    request: OutgoingRequest,
    failed: Message,
    at: number,
  ) {
    const conversation = await conversationOrThrow(tx, failed.conversationId)
    await refuseUnlessAllowed(tx, request, conversation)
    const isTemplate = failed.body.type === 'template'
    if (!isTemplate) refuseOutsideWindow(conversation, at)
    const message: Message = { ...failed, status: 'pending', failure: null }
    const updated: Conversation = {
      ...conversation,
      windowHistory: isTemplate ? conversation.windowHistory : withSend(conversation.windowHistory, at),
      version: conversation.version + 1,
      updatedAt: at,
    }
    await tx.messages.update(message, isTemplate ? { sendingRelay } : { countsQuota: true, sendingRelay })
    await tx.conversations.save(updated)
    events.push(await tx.events.append({ type: 'message.updated', at, message, conversation: updated }))
    return { message, isNew: true, sentAt: at }
  }

  function refuseOutsideWindow(conversation: Conversation, at: number): void {
    refuseOutsideReplyWindow(conversation, at, replyWindowOf)
  }

  return {
    async recordOutgoing(tx, events, request, at, canDeliver = true) {
      // The conversation first: on PostgreSQL reading it inside a transaction locks its row, so two
      // relays sending the same clientMessageId take turns and the second finds the first's message.
      const conversation = await conversationOrThrow(tx, request.conversationId)
      const existing = await tx.messages.findByClientMessageId(
        request.conversationId,
        request.clientMessageId,
      )
      if (existing !== null) {
        // Retryable means WeChat refused it outright (a limit, a busy moment): sending again cannot
        // double it. Whatever may have arrived (`delivery_uncertain`) is never sent again.
        if (canDeliver && existing.status === 'failed' && existing.failure?.isRetryable === true)
          return retried(tx, events, request, existing, at)
        return { message: existing, isNew: false, sentAt: existing.createdAt }
      }
      await refuseUnlessAllowed(tx, request, conversation)
      // Templates reach followers outside the window and do not use its quota (reference §3.5).
      const isTemplate = request.body.type === 'template'
      if (!isTemplate) refuseOutsideWindow(conversation, at)
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
        ...(await uploadedMediaOf(tx, conversation.accountKey, request.body)),
      }
      const updated: Conversation = {
        ...conversation,
        lastMessage: previewOf(message),
        windowHistory: isTemplate ? conversation.windowHistory : withSend(conversation.windowHistory, at),
        version: conversation.version + 1,
        updatedAt: at,
      }
      await tx.conversations.save(updated)
      await tx.messages.insert(message, { countsQuota: !isTemplate, sendingRelay })
      for (const file of message.media?.files ?? []) await tx.media.linkFile(message.id, file.role, file.hash)
      events.push(await tx.events.append({ type: 'message.created', at, message, conversation: updated }))
      return { message, isNew: true, sentAt: at }
    },

    async recordPassiveReply(tx, events, request, at) {
      const conversation = await conversationOrThrow(tx, request.conversationId)
      const existing = await tx.messages.findByClientMessageId(
        request.conversationId,
        request.clientMessageId,
      )
      if (existing !== null) return existing
      const message: Message = {
        id: randomUUID(),
        conversationId: conversation.id,
        direction: 'outgoing',
        body: request.body,
        status: 'sent',
        createdAt: at,
        clientMessageId: request.clientMessageId,
        senderUsername: null,
        isAutomatic: true,
        wechatMsgId: null,
        failure: null,
      }
      const updated: Conversation = {
        ...conversation,
        lastMessage: previewOf(message),
        unansweredCount: 0,
        version: conversation.version + 1,
        updatedAt: at,
      }
      await tx.conversations.save(updated)
      await tx.messages.insert(message, { countsQuota: false, sendingRelay })
      events.push(await tx.events.append({ type: 'message.created', at, message, conversation: updated }))
      return message
    },

    async recordSent(tx, events, messageId, at, wechatJobId) {
      const stored = await messageOrThrow(tx, messageId)
      // Settled already (e.g. failed as uncertain at a restart): the first verdict stands.
      if (stored.status !== 'pending') return stored
      const message: Message = { ...stored, status: 'sent', failure: null }
      const conversation = await conversationOrThrow(tx, message.conversationId)
      // An agent's reply stops the SLA clock; auto-replies and templates leave the follower waiting for one.
      const isAgentReply = !message.isAutomatic && message.body.type !== 'template'
      const updated: Conversation = {
        ...conversation,
        unansweredCount: 0,
        awaitingReplySince: isAgentReply ? null : conversation.awaitingReplySince,
        ticketRepliedAt: isAgentReply
          ? (conversation.ticketRepliedAt ?? message.createdAt)
          : conversation.ticketRepliedAt,
        version: conversation.version + 1,
        updatedAt: at,
      }
      await tx.messages.update(message, wechatJobId === undefined ? {} : { wechatJobId })
      await tx.conversations.save(updated)
      events.push(await tx.events.append({ type: 'message.updated', at, message, conversation: updated }))
      return message
    },

    async recordFailed(tx, events, messageId, failure, at, sentAt) {
      const stored = await messageOrThrow(tx, messageId)
      if (stored.status !== 'pending') return stored
      const message: Message = { ...stored, status: 'failed', failure }
      const conversation = await conversationOrThrow(tx, message.conversationId)
      const givesQuotaBack = message.body.type !== 'template' && !UNCERTAIN_CODES.has(failure.code)
      const sendTimes = [...conversation.windowHistory.sendTimes]
      if (givesQuotaBack) {
        const index = sendTimes.lastIndexOf(sentAt ?? message.createdAt)
        if (index >= 0) sendTimes.splice(index, 1)
      }
      const updated: Conversation = {
        ...conversation,
        windowHistory: { ...conversation.windowHistory, sendTimes },
        version: conversation.version + 1,
        updatedAt: at,
      }
      await tx.messages.update(message, givesQuotaBack ? { countsQuota: false } : {})
      await tx.conversations.save(updated)
      events.push(await tx.events.append({ type: 'message.updated', at, message, conversation: updated }))
      return message
    },
  }
}

/**
 * Refuses a send the reply window does not allow now (closed, or its quota spent), in the words and codes
 * WeChat's refusal would have: every send, and an upload for one, asks this before any WeChat call.
 */
export function refuseOutsideReplyWindow(
  conversation: Conversation,
  at: number,
  replyWindowOf: ReplyWindowOf,
): void {
  const refusal = sendRefusalAt(conversation.windowHistory, at, replyWindowOf(conversation.accountKey))
  if (refusal === 'window_closed') {
    throw new RelayError(
      'window_closed',
      'The reply window is closed: WeChat would refuse (45015). Send a template message instead.',
      { windowHistory: conversation.windowHistory },
    )
  }
  if (refusal === 'quota_exhausted') {
    throw new RelayError('quota_exhausted', 'No messages left in this window: WeChat would refuse (45047).', {
      windowHistory: conversation.windowHistory,
    })
  }
}

/**
 * The files the relay kept of an upload a message sends (a picture, voice note or video by its media id),
 * so the thread shows the media itself; nothing for a media id uploaded elsewhere.
 */
async function uploadedMediaOf(
  tx: StoreTransaction,
  accountKey: string,
  body: OutgoingBody,
): Promise<{ media?: MessageMedia }> {
  if (body.type !== 'image' && body.type !== 'voice' && body.type !== 'video') return {}
  const upload = await tx.media.uploadByMediaId(accountKey, body.mediaId)
  return upload === null || upload.files.length === 0
    ? {}
    : { media: { state: 'stored', files: [...upload.files] } }
}
