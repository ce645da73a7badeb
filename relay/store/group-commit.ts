import type { RelayEvent } from '../../common/relay/events.js'
import type { CommitWork, RelayStore } from './relay-store.js'
import { TransactionAbortedError } from './transaction-aborted.js'

/** Work queued in one turn of the event loop, committed together. */
export interface GroupCommit {
  /**
   * Queues `work` for the next flush and resolves with its result once the transaction holding it is on
   * disk and its events are published; a throw rejects this work only (its writes are rolled back).
   */
  run<T>(work: CommitWork<T>): Promise<T>
  /** Resolves when nothing is queued and every commit is on disk and answered. */
  drain(): Promise<void>
}

/** How a group keeps one failing piece of work from sinking its neighbours. */
export interface GroupCommitOptions {
  /**
   * `savepoint`: each piece runs in its own savepoint, so a refused one takes back only its own writes
   * (commands, which are often refused). `retry-alone`: the group commits whole and, if any piece throws,
   * each is committed again on its own so only the culprit fails (webhook pushes, which almost never
   * fail: the hot path pays for no savepoints).
   */
  readonly isolation: 'savepoint' | 'retry-alone'
}

interface Job {
  readonly work: CommitWork<unknown>
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly value: unknown }

/**
 * Group commit, the relay's one: with `synchronous = FULL` every commit is an fsync that blocks the event
 * loop (about 2 ms here), so one transaction per push or command capped the relay near 300 a second.
 * Here everything queued while the loop is busy shares one transaction, flushed on the next turn
 * (setImmediate), through the store's `commitSyncedLater`: it commits without holding the loop for the
 * disk, its fsync runs on the thread pool while the next group is gathered, and each piece is answered
 * only once the fsync covering it completed. The store hands the group's events to the durable
 * publisher in the tick of the commit, so they reach desktops in `seq` order, once on disk and before
 * the answers (whose callbacks are registered after the publisher's). A failed fsync rejects the whole
 * group and makes the store refuse every write from then on (see store-health.ts).
 *
 * One group's transaction runs at a time, and what arrives meanwhile waits to be the next group. On
 * SQLite a transaction runs within one turn, so this changes nothing; on PostgreSQL a transaction is many
 * round trips under the writer lock, and one started per turn queued there, each holding a pooled
 * connection the log's tail then waited for: 200 pushes a second reached desktops over two relays at
 * p99 467 ms before, 82 ms after (`npm run bench -- cluster`).
 */
export function createGroupCommit(store: RelayStore, options: GroupCommitOptions): GroupCommit {
  let queue: Job[] = []
  let isScheduled = false
  // The flushes in turn: the next waits for the running one's transaction, gathering work meanwhile.
  let committing: Promise<void> = Promise.resolve()
  let idleWaiters: (() => void)[] = []
  // Groups committed but not yet on disk: their work has not been answered.
  let unsynced = 0

  function answerWhenSynced(
    batch: readonly Job[],
    outcomes: readonly Outcome[],
    synced: Promise<void>,
  ): void {
    unsynced += 1
    synced.then(
      () =>
        batch.forEach((job, index) => {
          const outcome = outcomes[index]!
          if (outcome.ok) job.resolve(outcome.value)
          else job.reject(outcome.value)
        }),
      (error: unknown) => batch.forEach((job) => job.reject(error)),
    )
    void synced
      .catch(() => undefined)
      .finally(() => {
        unsynced -= 1
        wakeIfIdle()
      })
  }

  /** Commits `batch` whole, or throws having stored nothing of it. */
  async function commitWhole(batch: readonly Job[]): Promise<void> {
    const { result, synced } = await store.commitSyncedLater(async (tx, events) => {
      const outcomes: Outcome[] = []
      for (const job of batch) outcomes.push({ ok: true, value: await job.work(tx, events) })
      return outcomes
    })
    answerWhenSynced(batch, result, synced)
  }

  async function commitWithSavepoints(batch: readonly Job[]): Promise<void> {
    let outcomes: Outcome[]
    let synced: Promise<void>
    try {
      const commit = await store.commitSyncedLater(async (tx, events) => {
        const done: Outcome[] = []
        for (const job of batch) {
          const own: RelayEvent[] = []
          try {
            // A savepoint: work that throws takes back only its own writes, and its events with them.
            const value = await tx.savepoint(() => job.work(tx, own))
            events.push(...own)
            done.push({ ok: true, value })
          } catch (error) {
            // The engine may give up the whole transaction (a full disk, an I/O error): the work after
            // this one must not run outside it, so the group fails whole.
            if (error instanceof TransactionAbortedError) throw error.cause
            done.push({ ok: false, value: error })
          }
        }
        return done
      })
      outcomes = commit.result
      synced = commit.synced
    } catch (error) {
      // The commit itself failed (disk full, I/O error): it rolled back whole, nothing of the group is stored.
      outcomes = batch.map(() => ({ ok: false, value: error }))
      synced = Promise.resolve()
    }
    answerWhenSynced(batch, outcomes, synced)
  }

  async function flush(): Promise<void> {
    isScheduled = false
    const batch = queue
    queue = []
    // Counted as unsynced while it commits, so `drain` waits for it.
    unsynced += 1
    try {
      if (options.isolation === 'savepoint') {
        await commitWithSavepoints(batch)
      } else {
        try {
          await commitWhole(batch)
        } catch {
          // One bad piece must not sink its neighbours: retry each alone so only the culprit fails.
          for (const job of batch) {
            try {
              await commitWhole([job])
            } catch (error) {
              job.reject(error)
            }
          }
        }
      }
    } finally {
      unsynced -= 1
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
    run<T>(work: CommitWork<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
        if (!isScheduled) {
          isScheduled = true
          setImmediate(() => {
            // flush answers every failure through its jobs; the chain must outlive anything else.
            committing = committing.then(flush).catch(() => undefined)
          })
        }
      })
    },
    drain() {
      if (queue.length === 0 && !isScheduled && unsynced === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
