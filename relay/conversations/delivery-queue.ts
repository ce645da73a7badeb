/** Deliveries to WeChat: in order per conversation, a bounded number at once overall. */
export interface DeliveryQueue {
  /** Runs `job` after the earlier jobs of the same `key`, when a slot is free. `job` must not throw. */
  enqueue(key: string, job: () => Promise<void>): void
  /** Jobs waiting or running. */
  readonly size: number
  /** Resolves when no job is waiting or running. */
  idle(): Promise<void>
}

/** The default number of WeChat calls in flight at once. */
export const DEFAULT_DELIVERY_CONCURRENCY = 32

/**
 * A keyed FIFO with a global cap. Per key, one job at a time, so a follower receives replies in the order
 * the agents wrote them; across keys at most `concurrency` calls, so a burst does not open thousands of
 * sockets to WeChat, while a follower whose sends hang holds one slot only.
 */
export function createDeliveryQueue(concurrency: number = DEFAULT_DELIVERY_CONCURRENCY): DeliveryQueue {
  const waiting = new Map<string, (() => Promise<void>)[]>()
  // Keys with work and no job running, in the order they became ready (round-robin across followers).
  const ready: string[] = []
  let running = 0
  let size = 0
  let idleWaiters: (() => void)[] = []

  function pump(): void {
    while (running < concurrency && ready.length > 0) {
      const key = ready.shift()!
      const job = waiting.get(key)![0]!
      running += 1
      void job()
        .catch(() => undefined)
        .finally(() => {
          running -= 1
          size -= 1
          const jobs = waiting.get(key)!
          jobs.shift()
          if (jobs.length === 0) waiting.delete(key)
          else ready.push(key)
          if (size === 0) {
            const waiters = idleWaiters
            idleWaiters = []
            waiters.forEach((wake) => wake())
          }
          pump()
        })
    }
  }

  return {
    enqueue(key, job) {
      size += 1
      const jobs = waiting.get(key)
      if (jobs !== undefined) {
        jobs.push(job)
        return
      }
      waiting.set(key, [job])
      ready.push(key)
      pump()
    },
    get size() {
      return size
    },
    idle() {
      if (size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
