/** Runs work one piece at a time, in the order it was queued. */
export interface SerialQueue {
  /** Queues `work`; resolves or rejects as it does, once everything queued before it has finished. */
  run<T>(work: () => T | Promise<T>): Promise<T>
  /** Whether anything is queued or running. */
  readonly isBusy: boolean
}

/**
 * The order of SQLite's one connection. A transaction whose work awaits leaves the event loop free
 * between its statements; anything else on the connection meanwhile would run inside that transaction
 * (and be rolled back with it), so every transaction, and every statement outside one while one is
 * open, takes its turn here.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  let pending = 0
  return {
    run(work) {
      pending += 1
      const result = tail.then(work)
      tail = result.then(
        () => (pending -= 1),
        () => (pending -= 1),
      )
      return result
    },
    get isBusy() {
      return pending > 0
    },
  }
}

/** One serial queue per key, made on first use (for a handful of keys: none is ever dropped). */
export function createKeyedSerialQueues(): { of(key: string): SerialQueue } {
  const queues = new Map<string, SerialQueue>()
  return {
    of(key) {
      let queue = queues.get(key)
      if (queue === undefined) queues.set(key, (queue = createSerialQueue()))
      return queue
    },
  }
}
