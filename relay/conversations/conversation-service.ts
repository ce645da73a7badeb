import type { Conversation } from '../../common/domain/conversation.js'
import { setTimeout as delay } from 'node:timers/promises'
import type { Message, SendFailure } from '../../common/domain/message.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  sendRefusalAt,
  type ReplyWindowOf,
} from '../../common/domain/reply-window.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { SendTemplateRequest } from '../../common/relay/schemas.js'
import { assignConversation } from '../assignment/assign-conversation.js'
import { can } from '../auth/permissions.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import { createGroupCommit } from '../store/group-commit.js'
import type { RelayStore, StoreTransaction } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import { createDeliveryQueue, DEFAULT_DELIVERY_CONCURRENCY } from './delivery-queue.js'
import { createOutgoingRecords, type OutgoingRequest } from './outgoing-records.js'
import { countQuotaRefusal } from '../reports/ticket-facts.js'
import { sendFailureError } from './send-failure-error.js'

export type { OutgoingRequest } from './outgoing-records.js'

/** A template message for a follower whose window is closed (reference §3.5). */
export type TemplateRequest = SendTemplateRequest & {
  readonly conversationId: string
  readonly sender: User
}

/** Commands on conversations: each one transaction, each change an event in the log. */
export interface ConversationService {
  /**
   * Checks permission, then the reply window and quota with the common policy, then stores a `pending`
   * message. Idempotent on the client id: a resend answers the message already stored (`isNew: false`).
   */
  createOutgoing(request: OutgoingRequest): Promise<{ readonly message: Message; readonly isNew: boolean }>
  /** WeChat took the message: `sent`, and the team has answered (unread back to 0). Keeps a template's job id. */
  markSent(messageId: string, wechatJobId?: string): Promise<Message>
  /** WeChat refused it or could not be reached: `failed` with the reason; quota given back unless it may have arrived. */
  markFailed(messageId: string, failure: SendFailure): Promise<Message>
  /** createOutgoing in its own transaction, then delivery in the background; answers the stored message. */
  send(request: OutgoingRequest): Promise<Message>
  /** Stores an auto-reply the webhook answers passively (no window, no quota); idempotent on the client id. */
  replyPassively(
    request: Pick<OutgoingRequest, 'conversationId' | 'clientMessageId' | 'body'>,
  ): Promise<Message>
  /**
   * The desktops' path (REST and socket): as `send`, but committed together with the other commands of
   * the same tick (one fsync for all); resolves once the pending message is on disk.
   */
  submit(request: OutgoingRequest): Promise<Message>
  /** A template message: no window or quota check, idempotent on clientMessageId, delivered in the background. */
  sendTemplate(request: TemplateRequest): Promise<Message>
  /** Forwards an agent's typing to the follower within WeChat's rules; rejects with the stable code. */
  typing(user: User, conversationId: string, isTyping: boolean): Promise<void>
  /**
   * At startup, and now and then while running: messages left `pending` by a relay that stopped (this
   * one before a restart, or another on the same database killed mid-send) may or may not have reached
   * WeChat, which has no idempotency key for custom/send, so they are failed as `delivery_uncertain`,
   * never re-sent. Sends of relays still running are left alone.
   */
  resolveInterrupted(): Promise<readonly Message[]>
  /** Compare-and-set on the version the caller saw; a stale version is a `conflict` with the current state. */
  assign(user: User, conversationId: string, assignee: string | null, version: number): Promise<Conversation>
  /** Resolves when every background delivery started so far has finished and is stored. */
  settle(): Promise<void>
}

/** Collaborators of the conversation service. */
export interface ConversationServiceDependencies {
  /** Its commits publish their events (see relay/store/durable-publisher.ts). */
  readonly store: RelayStore
  /** Absent: nothing is sent, and messages fail with `not_configured` rather than pretend. */
  readonly sender: WeChatSender | null
  /** The window of each account's conversations (default: WeChat's table for all). */
  readonly replyWindowOf?: ReplyWindowOf
  readonly now?: () => number
  readonly onDeliveryError?: (error: unknown, message: Message) => void
  /** WeChat calls in flight at once across all conversations. */
  readonly deliveryConcurrency?: number
}

/** How long a reply waits for an earlier one another relay is sending: longer than a send's retries take. */
const ORDER_WAIT_MS = 60_000
const ORDER_POLL_MS = 25

/** The failure recorded when the relay has no way to reach WeChat. */
export const NO_SENDER_FAILURE: SendFailure = {
  code: 'not_configured',
  message: 'The relay has no WeChat connection configured, so this message was not sent.',
  isRetryable: true,
}

/** The failure recorded for a message the relay was sending when it stopped. */
export const INTERRUPTED_FAILURE: SendFailure = {
  code: 'delivery_uncertain',
  message:
    'The relay stopped while sending this message, so it may or may not have reached the follower. Check with the follower before sending it again.',
  isRetryable: false,
}

/** Creates the conversation service over the store. */
export function createConversationService(
  dependencies: ConversationServiceDependencies,
): ConversationService {
  const { store, sender } = dependencies
  const now = dependencies.now ?? Date.now
  const replyWindowOf = dependencies.replyWindowOf ?? (() => DEFAULT_REPLY_WINDOW_CONFIG)
  const records = createOutgoingRecords(replyWindowOf, store.relayId)
  // Savepoints: a refused command (a closed window, a stale version) must not undo its neighbours.
  const groupCommit = createGroupCommit(store, { isolation: 'savepoint' })
  const deliveries = createDeliveryQueue(dependencies.deliveryConcurrency ?? DEFAULT_DELIVERY_CONCURRENCY)

  /**
   * Queues the delivery; with `durable`, it waits until the message's row is on disk first (and drops
   * the delivery if that commit failed). Queue at commit time, not when the disk answers: flushes may
   * finish out of order, and a follower must receive replies in the order they were stored.
   */
  function deliver(
    message: Message,
    kfAccount: string | null,
    sentAt: number,
    durable?: () => Promise<unknown>,
  ): void {
    deliveries.enqueue(message.conversationId, async () => {
      if (durable !== undefined) {
        try {
          await durable()
        } catch {
          return
        }
      }
      try {
        await afterEarlierReplies(message)
        const result =
          sender === null
            ? { ok: false as const, failure: NO_SENDER_FAILURE }
            : await sender.deliver(message, { kfAccount })
        await groupCommit.run((tx, events) =>
          result.ok
            ? records.recordSent(tx, events, message.id, now(), result.wechatMsgId)
            : records.recordFailed(tx, events, message.id, result.failure, now(), sentAt),
        )
      } catch (error) {
        dependencies.onDeliveryError?.(error, message)
      }
    })
  }

  /**
   * Waits while a reply to the same follower stored before `message` is still being sent by another
   * relay on the database, so the follower reads replies in the order they were stored whichever relay
   * took them. This relay's own earlier replies are ahead of it in its delivery queue already. A reply
   * whose relay stopped is not waited for (the sweep of interrupted sends fails it), and no wait outlasts
   * `ORDER_WAIT_MS`: late and out of order beats never.
   */
  async function afterEarlierReplies(message: Message): Promise<void> {
    const deadline = Date.now() + ORDER_WAIT_MS
    for (;;) {
      const earlier = await store.messages.listPendingDeliveries(message.id)
      const elsewhere = earlier.flatMap(({ sendingRelay }) =>
        sendingRelay !== null && sendingRelay !== store.relayId ? [sendingRelay] : [],
      )
      if (elsewhere.length === 0 || Date.now() >= deadline) return
      const running = await Promise.all([...new Set(elsewhere)].map((id) => store.isRelayRunning(id)))
      if (!running.includes(true)) return
      await delay(ORDER_POLL_MS)
    }
  }

  /** The pending message, or without a sender the failed one: nothing pretends to be on its way. */
  async function recordWithoutSender(
    tx: StoreTransaction,
    events: RelayEvent[],
    request: OutgoingRequest,
  ): Promise<{ readonly message: Message; readonly isNew: boolean; readonly sentAt: number }> {
    const outcome = await records.recordOutgoing(tx, events, request, now(), sender !== null)
    if (!outcome.isNew || sender !== null) return outcome
    return {
      message: await records.recordFailed(
        tx,
        events,
        outcome.message.id,
        NO_SENDER_FAILURE,
        now(),
        outcome.sentAt,
      ),
      isNew: false,
      sentAt: outcome.sentAt,
    }
  }

  async function submitted(request: OutgoingRequest): Promise<Message> {
    // The work runs at the group's flush, a later tick, so `durable` is set by the time it reads it.
    const durable: Promise<{ readonly message: Message }> = groupCommit.run(async (tx, events) => {
      const outcome = await recordWithoutSender(tx, events, request)
      if (outcome.isNew)
        deliver(outcome.message, request.sender?.kfAccount ?? null, outcome.sentAt, () => durable)
      return outcome
    })
    return (await durable).message
  }

  /** An agent's send the quota refused, for reports; its own transaction, the refusal rolled back. */
  async function countRefusal(request: OutgoingRequest): Promise<void> {
    await store.transaction(async (tx) => {
      const conversation = await tx.conversations.get(request.conversationId)
      if (conversation !== null)
        await countQuotaRefusal(tx, conversation, request.sender?.username ?? null, now())
    })
  }

  const service: ConversationService = {
    createOutgoing(request) {
      return store.commit(async (tx, events) => records.recordOutgoing(tx, events, request, now()))
    },

    markSent(messageId, wechatJobId) {
      return store.commit(async (tx, events) => records.recordSent(tx, events, messageId, now(), wechatJobId))
    },

    markFailed(messageId, failure) {
      return store.commit(async (tx, events) => records.recordFailed(tx, events, messageId, failure, now()))
    },

    async send(request) {
      const { message, isNew, sentAt } = await store.commit((tx, events) =>
        recordWithoutSender(tx, events, request),
      )
      if (isNew) deliver(message, request.sender?.kfAccount ?? null, sentAt)
      return message
    },

    replyPassively(request) {
      return store.commit((tx, events) => records.recordPassiveReply(tx, events, request, now()))
    },

    submit(request) {
      if (request.body.type === 'template') {
        return Promise.reject(new RelayError('invalid', 'Templates go through sendTemplate.'))
      }
      return submitted(request).catch(async (error: unknown) => {
        if (error instanceof RelayError && error.code === 'quota_exhausted') await countRefusal(request)
        throw error
      })
    },

    sendTemplate(request) {
      return submitted({
        conversationId: request.conversationId,
        clientMessageId: request.clientMessageId,
        body: {
          type: 'template',
          templateId: request.templateId,
          ...(request.url === undefined ? {} : { url: request.url }),
          data: request.data,
        },
        sender: request.sender,
      })
    },

    async typing(user, conversationId, isTyping) {
      const conversation = await store.conversations.get(conversationId)
      if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
      if (!can(user, 'message:send', conversation, await conversationAccessOf(store, user, conversation))) {
        throw new RelayError('forbidden', 'You may not answer this conversation.')
      }
      // WeChat shows typing only where a customer-service message could be sent (reference §3.3).
      if (
        isTyping &&
        sendRefusalAt(conversation.windowHistory, now(), replyWindowOf(conversation.accountKey)) !== null
      ) {
        throw new RelayError(
          'window_closed',
          'The follower cannot be sent messages now, so no typing either.',
        )
      }
      if (sender === null) throw sendFailureError(NO_SENDER_FAILURE)
      const result = await sender.typing(conversationId, isTyping)
      if (!result.ok) throw sendFailureError(result.failure)
    },

    async resolveInterrupted() {
      // Only sends whose relay stopped: those of a relay still running (on one database) are under way.
      const interrupted: string[] = []
      for (const { message, sendingRelay } of await store.messages.listPendingDeliveries()) {
        if (sendingRelay === null || !(await store.isRelayRunning(sendingRelay))) interrupted.push(message.id)
      }
      if (interrupted.length === 0) return []
      return store.commit(async (tx, events) => {
        const failed: Message[] = []
        for (const id of interrupted) {
          // Settled meanwhile (its relay's verdict landed first): the first verdict stands.
          const message = await tx.messages.get(id)
          if (message?.status !== 'pending') continue
          failed.push(await records.recordFailed(tx, events, id, INTERRUPTED_FAILURE, now()))
        }
        return failed
      })
    },

    assign(user, conversationId, assignee, version) {
      // The rules (compare-and-set, roles, receivers, activity lines) live with the bulk and auto paths.
      return store.commit(
        async (tx, events) =>
          await assignConversation(tx, events, { actor: user, conversationId, assignee, version, at: now() }),
      )
    },

    async settle() {
      // Verdicts are stored through the group commit, and commands committed there may queue deliveries.
      for (let round = 0; round < 10_000; round += 1) {
        await groupCommit.drain()
        await deliveries.idle()
        await groupCommit.drain()
        if (deliveries.size === 0) return
      }
    },
  }

  return service
}
