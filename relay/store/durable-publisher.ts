import type { RelayEvent } from '../../common/relay/events.js'

/**
 * Hands a commit's events on. `synced` is the commit's fsync when it runs off the event loop (group
 * commit); absent, the commit ran with `synchronous = FULL` and returned from its fsync already. Only
 * the store's `commit` and `commitSyncedLater` call it, so no writer can publish what it did not commit.
 */
export type Publish = (events: readonly RelayEvent[], synced?: Promise<void>) => void

/** The one way events leave the relay: only once they are on disk, and in `seq` order. */
export interface DurablePublisher {
  readonly publish: Publish
  /** The highest `seq` handed on: every event at or below it is on disk and went to the live desktops. */
  head(): number
  /** Resolves once `seq` is on disk and published (at once if it is); rejects once the disk failed. */
  published(seq: number): Promise<void>
}

/** What the publisher hands durable events to, and where it reports a disk that failed. */
export interface DurablePublisherOptions {
  /** The log's head when the store was opened: on disk, since the store syncs its files at open. */
  readonly head: number
  /** Receives each commit's events once durable, oldest first (the hub and the shared state's observer). */
  readonly deliver?: (events: readonly RelayEvent[]) => void
  /** A delivery threw; the events count as published all the same (they are on disk). */
  readonly onDeliveryError?: (error: unknown) => void
  /** An fsync failed: nothing committed from then on is vouched for, so nothing more is published. */
  readonly onDiskFailure?: (error: unknown) => void
}

interface Pending {
  readonly events: readonly RelayEvent[]
  readonly lastSeq: number
}

/**
 * Publish only what is durable, argued. A desktop's cursor is a promise that the relay's log holds every
 * `seq` up to it; if the relay published an event before its fsync and the power went, the restarted
 * relay would number the next event with the same `seq` and the desktop, past it, would never learn of
 * it. So the store's two commits (`commit`, FULL, and `commitSyncedLater`, the group commit's) hand
 * every commit's events here and they go out only once on disk. Commits run one after another on one
 * connection, so the order of `publish` calls is the order of `seq`; an fsync that completes covers
 * every write made before it started, so when one commit's fsync answers, that commit and every one
 * queued before it are durable (fsyncs may answer out of order), and a FULL commit that wrote (it
 * appended events) is the same: its own fsync covered all earlier commits. The queue is released in
 * order, so desktops still see `seq` strictly increasing. The cost is one fsync (~1-2 ms) of fan-out
 * latency; in exchange a webhook's `success` and "the desktops have it" mean the same thing, since the
 * events are published before the answers waiting on the same fsync.
 */
export function createDurablePublisher(options: DurablePublisherOptions): DurablePublisher {
  let publishedSeq = options.head
  let durableSeq = options.head
  let lastQueuedSeq = options.head
  let failure: unknown = null
  const queue: Pending[] = []
  let waiters: { seq: number; resolve: () => void; reject: (error: unknown) => void }[] = []

  function release(): void {
    while (queue.length > 0 && queue[0]!.lastSeq <= durableSeq) {
      const { events, lastSeq } = queue.shift()!
      publishedSeq = lastSeq
      try {
        options.deliver?.(events)
      } catch (error) {
        options.onDeliveryError?.(error)
      }
    }
    if (waiters.length === 0) return
    const due = waiters.filter((waiter) => waiter.seq <= publishedSeq)
    waiters = waiters.filter((waiter) => waiter.seq > publishedSeq)
    due.forEach((waiter) => waiter.resolve())
  }

  function fail(error: unknown): void {
    if (failure !== null) return
    failure = error
    // Held back for good: what follows the failed fsync may be lost on disk, and publishing it past a gap
    // would let a desktop skip the gap.
    queue.length = 0
    const waiting = waiters
    waiters = []
    waiting.forEach((waiter) => waiter.reject(error))
    options.onDiskFailure?.(error)
  }

  return {
    publish(events, synced) {
      if (failure !== null || events.length === 0) return
      const firstSeq = events[0]!.seq
      const lastSeq = events.at(-1)!.seq
      // Commits on one connection number their events in order; anything else is a bug that would reorder.
      if (firstSeq <= lastQueuedSeq) throw new Error(`seq ${firstSeq} published after ${lastQueuedSeq}`)
      lastQueuedSeq = lastSeq
      queue.push({ events, lastSeq })
      if (synced === undefined) {
        durableSeq = lastSeq
        release()
        return
      }
      synced.then(
        () => {
          if (failure !== null) return
          durableSeq = Math.max(durableSeq, lastSeq)
          release()
        },
        (error: unknown) => fail(error),
      )
    },
    head: () => publishedSeq,
    published(seq) {
      if (failure !== null) return Promise.reject(failure)
      if (seq <= publishedSeq) return Promise.resolve()
      return new Promise((resolve, reject) => waiters.push({ seq, resolve, reject }))
    },
  }
}
