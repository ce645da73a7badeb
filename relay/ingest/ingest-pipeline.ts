import { dedupeKeyOf, type InboundPush } from '../../common/domain/inbound.js'
import { mediaToFetchOf, WECHAT_MEDIA_LIFETIME_MS } from '../../common/domain/media.js'
import type { Message } from '../../common/domain/message.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { templateJobFailureOf } from '../outbound/template-job-failure.js'
import { createGroupCommit } from '../store/group-commit.js'
import type { RelayStore, StoreTransaction } from '../store/relay-store.js'
import { conversationAfterPush, messageOfPush, type ResolvedTicketPolicy } from './apply-push.js'
import { timeOrderedId } from './time-ordered-id.js'

/** What became of one push: newly stored, or a retry of one already stored. */
export type IngestOutcome = 'stored' | 'duplicate'

/** Turns verified pushes into stored messages, conversations and events. */
export interface IngestPipeline {
  /** Resolves once the push is committed and on disk (or known already); rejects if it could not be stored. */
  submit(push: InboundPush): Promise<IngestOutcome>
  /** Resolves when every submitted push has been committed or refused. */
  drain(): Promise<void>
}

/** Collaborators of the pipeline. */
export interface IngestDependencies {
  readonly store: RelayStore
  readonly now?: () => number
  /** A follower writing to a resolved ticket opens the next one (default) or reopens it. */
  readonly resolvedTicket?: ResolvedTicketPolicy
}

/**
 * Group commit (relay/store/group-commit.ts): every push that arrives while the event loop is busy joins
 * one transaction, flushed on the next turn, whose fsync runs off the loop; each webhook is answered only
 * once the fsync covering its push completed. A duplicate waits too: its first copy may sit in a commit
 * whose fsync is still running. The group commits whole and, should one push fail, each is retried
 * alone, so only the culprit is refused (and WeChat retries it) while the hot path pays for no savepoints.
 *
 * Events reach desktops only once that fsync completed, before the answers: a power cut can never take
 * back an event a desktop holds, so no `seq` is ever reused for a different event.
 */
export function createIngestPipeline(dependencies: IngestDependencies): IngestPipeline {
  const { store } = dependencies
  const now = dependencies.now ?? Date.now
  const group = createGroupCommit(store, { isolation: 'retry-alone' })

  async function applyOne(
    tx: StoreTransaction,
    push: InboundPush,
    events: RelayEvent[],
  ): Promise<IngestOutcome> {
    const receivedAt = now()
    if (!(await tx.inboundPushes.claim(dedupeKeyOf(push), receivedAt))) return 'duplicate'
    if (push.kind === 'event' && push.body.event === 'template_send_job_finish') {
      const template = await tx.messages.findByWeChatJobId(push.body.jobId)
      if (template !== null) {
        events.push(await templateFinished(tx, template, push.body.status, receivedAt))
        return 'stored'
      }
    }
    const message = withMediaToFetch(messageOfPush(push, timeOrderedId(receivedAt)))
    const conversation = conversationAfterPush(
      await tx.conversations.get(message.conversationId),
      push,
      message,
      receivedAt,
      dependencies.resolvedTicket,
    )
    await tx.conversations.save(conversation)
    await tx.messages.insert(message, { raw: push.raw })
    if (message.media !== undefined) {
      // The fetch is durable with the message: a restart or another relay goes on with it.
      await tx.media.scheduleFetch({
        messageId: message.id,
        accountKey: push.accountKey,
        nextAttemptAt: receivedAt,
        expiresAt: push.createTime * 1000 + WECHAT_MEDIA_LIFETIME_MS,
        attempts: 0,
      })
    }
    events.push(await tx.events.append({ type: 'message.created', at: receivedAt, message, conversation }))
    return 'stored'
  }

  async function templateFinished(
    tx: StoreTransaction,
    template: Message,
    status: string,
    at: number,
  ): Promise<RelayEvent> {
    const isDelivered = status === 'success'
    const message: Message = {
      ...template,
      status: isDelivered ? 'sent' : 'failed',
      failure: isDelivered ? null : templateJobFailureOf(status),
    }
    await tx.messages.update(message)
    const conversation = await tx.conversations.get(message.conversationId)
    if (conversation === null) throw new Error(`template ${message.id} has no conversation`)
    return await tx.events.append({ type: 'message.updated', at, message, conversation })
  }

  /** A follower's picture, voice note or video starts as `fetching`: the relay takes it after answering. */
  function withMediaToFetch(message: Message): Message {
    if (message.direction !== 'incoming' || mediaToFetchOf(message.body).length === 0) return message
    return { ...message, media: { state: 'fetching', files: [] } }
  }

  return {
    submit: (push) => group.run((tx, events) => applyOne(tx, push, events)),
    drain: () => group.drain(),
  }
}
