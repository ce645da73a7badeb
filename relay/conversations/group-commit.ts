import type { RelayEvent } from '../../common/relay/events.js'
import type { Publish } from '../store/publish.js'
import type { RelayStore } from '../store/relay-store.js'

/** Commands queued in one turn of the event loop, committed together. */
export interface GroupCommit {
  /**
   * Queues `work` for the next flush and resolves with its result once the transaction holding it is on
   * disk and its events are published; a throw rejects this command only (its writes are rolled back).
   */
  run<T>(work: (events: RelayEvent[]) => T): Promise<T>
  /** Resolves when nothing is queued and every commit is on disk and answered. */
  drain(): Promise<void>
}

interface Job {
  readonly work: (events: RelayEvent[]) => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit for the command path: with `synchronous = FULL` every commit is an fsync that blocks the
 * event loop (about 2 ms here), so one transaction per command capped the relay near 300 commands/s.
 * Here the commands of one tick share a transaction whose fsync runs off the event loop; each command is
 * answered once it is on disk, and runs in its own savepoint so a refused one never undoes its neighbours.
 */
export function createGroupCommit(store: RelayStore, publish: Publish): GroupCommit {
  let queue: Job[] = []
  let isScheduled = false
  let idleWaiters: (() => void)[] = []
  // Batches committed but not yet on disk: their commands have not been answered.
  let unsynced = 0

  function flush(): void {
    isScheduled = false
    const batch = queue
    queue = []
    const events: RelayEvent[] = []
    let outcomes: { ok: boolean; value: unknown }[]
    let synced: Promise<void>
    try {
      const commit = store.transactionSyncedLater(() =>
        batch.map((job) => {
          const own: RelayEvent[] = []
          try {
            // A savepoint: a command that throws takes back only its own writes.
            const value = store.transaction(() => job.work(own))
            events.push(...own)
            return { ok: true, value }
          } catch (error) {
            // SQLite may give up the whole transaction on a full disk or an I/O error: the commands after
            // this one must not run outside it, committing one by one.
            if (!store.database.inTransaction) throw error
            return { ok: false, value: error }
          }
        }),
      )
      outcomes = commit.result
      synced = commit.synced
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      outcomes = batch.map(() => ({ ok: false, value: error }))
      events.length = 0
      synced = Promise.resolve()
    }
    // Handed on in the tick of the commit, so the publisher sees commits in seq order; it sends them on
    // once `synced` resolved, before the commands are answered (their callbacks come after its own).
    if (events.length > 0) publish(events, synced)
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

  function wakeIfIdle(): void {
    if (queue.length > 0 || isScheduled || unsynced > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    waiters.forEach((wake) => wake())
  }

  return {
    run<T>(work: (events: RelayEvent[]) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
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
