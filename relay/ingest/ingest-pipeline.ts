import { dedupeKeyOf, type InboundPush } from '../../common/domain/inbound.js'
import type { Message } from '../../common/domain/message.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { templateJobFailureOf } from '../outbound/template-job-failure.js'
import type { RelayStore } from '../store/relay-store.js'
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
  /**
   * Called synchronously right after each commit with the events it appended and its fsync: the relay's
   * durable publisher sends them once on disk, before the webhooks waiting on that fsync are answered.
   */
  readonly publish: (events: readonly RelayEvent[], synced: Promise<void>) => void
  readonly now?: () => number
  /** A follower writing to a resolved ticket opens the next one (default) or reopens it. */
  readonly resolvedTicket?: ResolvedTicketPolicy
  /** A broadcast failure is reported here; the pushes are stored all the same and still answered. */
  readonly onPublishError?: (error: unknown) => void
}

interface Pending {
  readonly push: InboundPush
  readonly resolve: (outcome: IngestOutcome) => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit: every push that arrives while the event loop is busy joins one SQLite transaction,
 * flushed on the next turn (setImmediate). The transaction commits without holding the loop for the
 * disk; its fsync runs on the thread pool while the next group is parsed and committed, and each webhook
 * is answered only once the fsync covering its push completed. A duplicate waits too: its first copy may
 * sit in a commit whose fsync is still running.
 *
 * Events are handed to the publisher with the commit's fsync and reach desktops only once it completed
 * (before the answers, whose callbacks are registered after it): a power cut can never take back an
 * event a desktop holds, so no `seq` is ever reused for a different event.
 */
export function createIngestPipeline(dependencies: IngestDependencies): IngestPipeline {
  const { store, publish } = dependencies
  const now = dependencies.now ?? Date.now
  let queue: Pending[] = []
  let isScheduled = false
  let unsynced = 0
  let idleWaiters: (() => void)[] = []

  function applyOne(push: InboundPush, events: RelayEvent[]): IngestOutcome {
    const receivedAt = now()
    if (!store.inboundPushes.claim(dedupeKeyOf(push), receivedAt)) return 'duplicate'
    if (push.kind === 'event' && push.body.event === 'template_send_job_finish') {
      const template = store.messages.findByWeChatJobId(push.body.jobId)
      if (template !== null) {
        events.push(templateFinished(template, push.body.status, receivedAt))
        return 'stored'
      }
    }
    const message = messageOfPush(push, timeOrderedId(receivedAt))
    const conversation = conversationAfterPush(
      store.conversations.get(push.openId),
      push,
      message,
      receivedAt,
      dependencies.resolvedTicket,
    )
    store.conversations.save(conversation)
    store.messages.insert(message, { raw: push.raw })
    events.push(store.events.append({ type: 'message.created', at: receivedAt, message, conversation }))
    return 'stored'
  }

  function templateFinished(template: Message, status: string, at: number): RelayEvent {
    const isDelivered = status === 'success'
    const message: Message = {
      ...template,
      status: isDelivered ? 'sent' : 'failed',
      failure: isDelivered ? null : templateJobFailureOf(status),
    }
    store.messages.update(message)
    const conversation = store.conversations.get(message.conversationId)
    if (conversation === null) throw new Error(`template ${message.id} has no conversation`)
    return store.events.append({ type: 'message.updated', at, message, conversation })
  }

  /** Commits `batch` (throws if any push fails, rolling the whole group back), then answers after the fsync. */
  function commit(batch: readonly Pending[]): void {
    const events: RelayEvent[] = []
    const { result: outcomes, synced } = store.transactionSyncedLater(() =>
      batch.map((item) => applyOne(item.push, events)),
    )
    try {
      publish(events, synced)
    } catch (error) {
      dependencies.onPublishError?.(error)
    }
    unsynced += 1
    synced.then(
      () => batch.forEach((item, index) => item.resolve(outcomes[index]!)),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    )
    void synced.finally(() => {
      unsynced -= 1
      wakeIfIdle()
    })
  }

  function flush(): void {
    isScheduled = false
    const batch = queue
    queue = []
    try {
      commit(batch)
    } catch {
      // One bad push must not sink its neighbours: retry each alone so only the culprit fails.
      for (const item of batch) {
        try {
          commit([item])
        } catch (error) {
          item.reject(error)
        }
      }
    }
    wakeIfIdle()
  }

  function wakeIfIdle(): void {
    if (queue.length > 0 || isScheduled || unsynced > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    waiters.forEach((wake) => wake())
  }

  return {
    submit(push) {
      return new Promise<IngestOutcome>((resolve, reject) => {
        queue.push({ push, resolve, reject })
        if (!isScheduled) {
          isScheduled = true
          setImmediate(flush)
        }
      })
    },
    drain() {
      if (queue.length === 0 && !isScheduled && unsynced === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
