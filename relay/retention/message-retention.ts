import type { RelayLogger } from '../logger.js'
import type { RelayStore, StoreTransaction } from '../store/relay-store.js'
import { inBatches } from './in-batches.js'

/** What one retention pass deleted. */
export interface RetentionReport {
  /** Messages created before this instant (epoch ms) are gone. */
  readonly before: number
  readonly messages: number
  readonly previews: number
  readonly events: number
}

/** Deletes messages older than the configured number of days, at start and then periodically. */
export interface MessageRetention {
  /** One pass now (the timer's passes wait for it); resolves with what it deleted. */
  run(): Promise<RetentionReport>
  /** Stops the timer; resolves once a pass under way has finished its batch. */
  close(): Promise<void>
}

/** Collaborators of the retention. */
export interface MessageRetentionDependencies {
  /** Its commits publish their events. */
  readonly store: RelayStore
  readonly now: () => number
  readonly logger: RelayLogger
  /** Messages older than this many days are deleted. */
  readonly days: number
  /** Between passes (default an hour). */
  readonly intervalMs?: number
  /** Rows scanned per transaction (tests use small ones). */
  readonly batchSize?: number
}

const DAY_MS = 86_400_000
const DEFAULT_INTERVAL_MS = 3_600_000
/** Rows per transaction: a few milliseconds, so webhooks and sockets keep flowing during a pass. */
const DEFAULT_BATCH_SIZE = 2_000

/**
 * Retention of messages. Desktops learn of it from one `messages.expired {before}` event per pass and
 * delete by the same rule (created before `before`), rather than from an event per message: a pass
 * may delete millions, and a desktop offline for a month replays one event, not the month's deletions.
 * The rule is exact on both sides because `createdAt` is the relay's own value, copied to the replica.
 *
 * The event is appended after the last batch, so a snapshot read mid-pass (holding messages a later
 * batch deletes) is followed by it. The first pass after a start always announces, so a pass cut short
 * by a stop (rows deleted, event not yet appended) is announced by the next start's pass. The log's
 * old events are scrubbed too: a message event of an expired message keeps only its conversation, and
 * expired previews go, so a replay from an old cursor brings none of the deleted words back.
 */
export function createMessageRetention(dependencies: MessageRetentionDependencies): MessageRetention {
  const { store, now, logger } = dependencies
  const batchSize = dependencies.batchSize ?? DEFAULT_BATCH_SIZE
  let isFirstPass = true
  let isClosed = false
  let running: Promise<RetentionReport> | null = null

  async function pass(): Promise<RetentionReport> {
    const before = now() - dependencies.days * DAY_MS
    const ends = await store.followerData.ends()
    let messages = 0
    let previews = 0
    let events = 0
    const batched = (end: number, work: (tx: StoreTransaction, from: number, to: number) => Promise<void>) =>
      inBatches(0, end, batchSize, async (from, to) => {
        if (!isClosed) await store.transaction((tx) => work(tx, from, to))
      })
    await batched(ends.position, async (tx, from, to) => {
      messages += await tx.followerData.expireMessages(before, from, to)
    })
    // The media files only expired messages held go with them.
    let mediaFiles = 0
    if (messages > 0 && !isClosed)
      await store.transaction(async (tx) => void (mediaFiles = await tx.media.collectUnheld()))
    await batched(ends.conversation, async (tx, from, to) => {
      previews += await tx.followerData.expirePreviews(before, from, to)
    })
    await batched(ends.seq, async (tx, from, to) => {
      events += await tx.followerData.expireEvents(before, from, to)
    })
    const shouldAnnounce = !isClosed && (isFirstPass || messages > 0 || previews > 0)
    isFirstPass = false
    if (shouldAnnounce) {
      await store.commit(async (tx, events) => {
        events.push(await tx.events.append({ type: 'messages.expired', at: now(), before }))
      })
    }
    if (messages + previews + events > 0)
      logger.info({ before, messages, previews, events, mediaFiles }, 'retention deleted old messages')
    return { before, messages, previews, events }
  }

  function run(): Promise<RetentionReport> {
    // One pass at a time: a timer firing during a manual pass waits for it rather than racing it.
    const next = (running ?? Promise.resolve()).then(pass, pass)
    running = next
    void next.finally(() => {
      if (running === next) running = null
    })
    return next
  }

  const scheduled = (): void => {
    run().catch((error: unknown) => logger.error({ err: error }, 'retention pass failed'))
  }
  const start = setImmediate(scheduled)
  const timer = setInterval(scheduled, dependencies.intervalMs ?? DEFAULT_INTERVAL_MS)
  timer.unref()

  return {
    run,
    async close() {
      isClosed = true
      clearImmediate(start)
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}
