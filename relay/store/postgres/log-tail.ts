import pg from 'pg'
import type { RelayEvent } from '../../../common/relay/events.js'
import { LOG_CHANNEL, type PostgresEventLog } from './postgres-event-log.js'

/** What one relay's tail of the shared log needs. */
export interface LogTailOptions {
  /** The database, for the tail's own LISTEN connection (a pooled one would drop its LISTEN). */
  readonly connectionString: string
  readonly log: PostgresEventLog
  /** Events after this `seq` are delivered: the relay's head when it started. */
  readonly from: number
  /** Hears every committed event once, in `seq` order, batch by batch, whichever relay committed it. */
  readonly deliver: (events: readonly RelayEvent[]) => void
  /**
   * A read on this period even without a notification: one lost with a dropped connection is a wake-up
   * lost, never an event, since the tail reads the log itself.
   */
  readonly pollMs?: number
  readonly batchSize?: number
  /** Hears a failed read or a lost connection (the tail goes on: it reconnects and reads again). */
  readonly onError?: (error: unknown) => void
}

/** One relay following the log every relay appends to. */
export interface LogTail {
  /** The last `seq` delivered. */
  position(): number
  /** Resolves once every event up to `seq` was delivered. */
  reached(seq: number): Promise<void>
  stop(): Promise<void>
}

const DEFAULT_POLL_MS = 1_000
const DEFAULT_BATCH = 500
const RECONNECT_MS = 500

/**
 * Follows the log: PostgreSQL's LISTEN/NOTIFY on `kefu_log` wakes it at each commit (any relay's), and it
 * reads what is new from the log itself. Since the log numbers events in commit order
 * (postgres-event-log.ts), reading `seq > position` never skips one that commits later.
 */
export async function startLogTail(options: LogTailOptions): Promise<LogTail> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH
  let position = options.from
  let isStopped = false
  let reading: Promise<void> | null = null
  // The highest seq asked for since the running read began (Infinity: read whatever is there).
  let wanted = 0
  let listener: pg.Client | null = null
  let reconnectTimer: NodeJS.Timeout | null = null
  const waiters: { seq: number; resolve: () => void }[] = []

  async function readAll(): Promise<void> {
    while (!isStopped && wanted > position) {
      wanted = 0
      for (;;) {
        const events = await options.log.after(position, batchSize)
        if (events.length === 0 || isStopped) break
        position = events[events.length - 1]!.seq
        options.deliver(events)
        wakeWaiters()
        if (events.length < batchSize) break
      }
    }
  }

  /**
   * One read at a time, up to `upTo` (a commit's last seq) or whatever is there: asked during a read,
   * it reads once more only if that read did not reach what was asked.
   */
  function wake(upTo = Number.POSITIVE_INFINITY): void {
    if (isStopped) return
    wanted = Math.max(wanted, upTo)
    if (reading !== null) return
    reading = readAll()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        reading = null
        // Asked while the last read was settling (or failed): not lost.
        if (wanted > position) wake(wanted)
      })
  }

  function wakeWaiters(): void {
    for (let index = waiters.length - 1; index >= 0; index -= 1) {
      const waiter = waiters[index]!
      if (waiter.seq <= position) {
        waiters.splice(index, 1)
        waiter.resolve()
      }
    }
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString })
    // The payload is the commit's last seq: one this tail has read already (its own relay's commit,
    // read as soon as the committer asked) needs no read.
    client.on('notification', (message) => {
      const last = Number(message.payload)
      wake(Number.isSafeInteger(last) ? last : Number.POSITIVE_INFINITY)
    })
    // A cut connection may say so with 'error', 'end' or both: either way, listen again.
    const lost = (error?: unknown): void => {
      if (error !== undefined) options.onError?.(error)
      if (listener !== client) return
      listener = null
      void client.end().catch(() => undefined)
      scheduleReconnect()
    }
    client.on('error', lost)
    client.on('end', () => lost())
    await client.connect()
    await client.query(`LISTEN ${LOG_CHANNEL}`)
    listener = client
    // Commits between the last read and the LISTEN notified nobody here.
    wake()
  }

  function scheduleReconnect(): void {
    if (isStopped || reconnectTimer !== null) return
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null
      listen().catch((error: unknown) => {
        options.onError?.(error)
        scheduleReconnect()
      })
    }, RECONNECT_MS)
    reconnectTimer.unref()
  }

  await listen()
  const poll = setInterval(wake, options.pollMs ?? DEFAULT_POLL_MS)
  poll.unref()

  return {
    position: () => position,
    reached(seq) {
      if (seq <= position) return Promise.resolve()
      wake(seq)
      return new Promise((resolve) => waiters.push({ seq, resolve }))
    },
    async stop() {
      isStopped = true
      clearInterval(poll)
      if (reconnectTimer !== null) clearTimeout(reconnectTimer)
      await reading
      await listener?.end().catch(() => undefined)
      listener = null
    },
  }
}
