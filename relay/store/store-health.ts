import type { Counter, Gauge } from 'prom-client'
import type { RelayLogger } from '../logger.js'
import { RelayError } from '../relay-error.js'

/** Why the disk refused a write: the `kind` label of `kefu_relay_store_failures_total`. */
export type StoreFailureKind = 'full' | 'io' | 'cantopen' | 'readonly' | 'sync' | 'unreachable'

/**
 * `writable`; `failing`: writes fail, but SQLite rolled each one back whole and its connection stays
 * usable, so a write succeeding again (a real one or the probe) makes it `writable`; `failed`: an fsync
 * failed, after which nothing written since can be vouched for (the kernel may have dropped the pages),
 * so it refuses every write until the process restarts and SQLite rereads the file.
 */
export type StoreHealthState = 'writable' | 'failing' | 'failed'

/** A write the disk refused, answered `unavailable` (503) everywhere: nothing of it was stored. */
export class StoreUnavailableError extends RelayError {
  readonly kind: StoreFailureKind

  constructor(kind: StoreFailureKind, cause: unknown) {
    super(
      'unavailable',
      kind === 'sync'
        ? "The relay's disk failed, so it is restarting. Nothing was changed; try again in a moment."
        : kind === 'unreachable'
          ? 'The relay cannot reach its database right now. Nothing was changed; try again in a moment.'
          : 'The relay cannot save anything right now: its disk is full or failing. Nothing was changed; try again in a moment.',
    )
    this.name = 'StoreUnavailableError'
    this.kind = kind
    this.cause = cause
  }
}

/** Who hears about the store's health; all optional, so tools and tests can open a store bare. */
export interface StoreHealthObservers {
  readonly logger?: RelayLogger
  readonly failures?: Counter<'kind'>
  readonly writable?: Gauge
  /** How often a failing store tries its probe write (default 1 s). */
  readonly probeIntervalMs?: number
  /** Called once when the store has `failed`: the relay's process should exit for its supervisor. */
  readonly onFailed?: (error: StoreUnavailableError) => void
}

/** Watches the store's writes at its transaction entry points. */
export interface StoreHealth {
  readonly state: StoreHealthState
  /**
   * Runs one write transaction: a disk error becomes a counted {@link StoreUnavailableError}; an outermost
   * one that commits makes a failing store writable again. A nested one (a savepoint) never does, since
   * its transaction may still fail.
   */
  write<T>(work: () => Promise<T>, isNested: boolean): Promise<T>
  /**
   * A failure seen outside any write (a database connection that broke while idle): counted and made
   * the store's state like a refused write, so readiness tells the load balancer before traffic does.
   */
  noticed(error: unknown): void
  /** The durability promise of a commit, its fsync failure made a {@link StoreUnavailableError}. */
  durable(synced: Promise<void>): Promise<void>
  close(): void
}

const DEFAULT_PROBE_INTERVAL_MS = 1_000

/**
 * The database server cannot be reached or is going away: the socket's errors, PostgreSQL's connection
 * exceptions (class 08, matched by prefix) and its shutdown codes.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
])

/** node-postgres reports a dropped or timed-out connection without a code. */
function isConnectionLost(error: unknown): boolean {
  const message = error instanceof Error ? error.message : ''
  return /^Connection terminated|timeout exceeded when trying to connect/.test(message)
}

/** The kind of disk failure `error` is, or null when it is not the disk's (a constraint, a bug). */
export function storeFailureKindOf(error: unknown): StoreFailureKind | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return isConnectionLost(error) ? 'unreachable' : null
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return 'unreachable'
  if (code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_IOERR_DIR_FSYNC') return 'sync'
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full'
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io'
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cantopen'
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readonly'
  return null
}

/**
 * The store's health: every failed write is counted, but only the first of a burst is logged (and a line
 * when writes succeed again), so a full disk under WeChat's retries is one error, not thousands. While
 * failing, `probe` (one small write) runs every `probeIntervalMs`, so an idle relay becomes ready again
 * once space returns without waiting for traffic that a load balancer may be holding back.
 */
export function createStoreHealth(
  probe: () => Promise<void>,
  observers: StoreHealthObservers = {},
): StoreHealth {
  const { logger, failures, writable } = observers
  const probeIntervalMs = observers.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS
  let state: StoreHealthState = 'writable'
  let burst: { kind: StoreFailureKind; count: number; since: number } | null = null
  let failure: StoreUnavailableError | null = null
  let timer: NodeJS.Timeout | null = null
  // Commits still waiting for their fsync when the store closes are refused by the closing, not the disk.
  let isClosed = false
  writable?.set(1)

  function refused(kind: StoreFailureKind, cause: unknown): StoreUnavailableError {
    failures?.inc({ kind })
    const error = new StoreUnavailableError(kind, cause)
    if (kind === 'sync') fail(error)
    else if (burst !== null) burst.count += 1
    else if (state === 'writable') startBurst(error)
    return error
  }

  function startBurst(error: StoreUnavailableError): void {
    state = 'failing'
    burst = { kind: error.kind, count: 1, since: Date.now() }
    writable?.set(0)
    logger?.error(
      { kind: error.kind, err: error.cause },
      'store writes failing: pushes are answered 503 for WeChat to retry, commands are refused unavailable',
    )
    timer = setInterval(runProbe, probeIntervalMs)
    timer.unref()
  }

  function fail(error: StoreUnavailableError): void {
    if (state === 'failed') return
    state = 'failed'
    failure = error
    burst = null
    stopProbing()
    writable?.set(0)
    logger?.fatal(
      { kind: error.kind, err: error.cause },
      'store fsync failed: nothing written since can be vouched for, every write is refused until a restart',
    )
    // Not inside the transaction that noticed: the relay's reaction (stopping) must not run under it.
    setImmediate(() => observers.onFailed?.(error))
  }

  function recovered(): void {
    if (state !== 'failing' || burst === null) return
    logger?.info(
      { kind: burst.kind, failures: burst.count, failingForMs: Date.now() - burst.since },
      'store writes again',
    )
    state = 'writable'
    burst = null
    stopProbing()
    writable?.set(1)
  }

  function runProbe(): void {
    if (state !== 'failing') return stopProbing()
    probe().then(recovered, (error: unknown) => {
      // Probes are not counted (an idle relay would count one a second); only an fsync failure matters here.
      if (storeFailureKindOf(error) === 'sync') fail(new StoreUnavailableError('sync', error))
    })
  }

  function stopProbing(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
  }

  function translated(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error
    const kind = storeFailureKindOf(error)
    return kind === null ? error : refused(kind, error)
  }

  return {
    get state() {
      return state
    },
    async write(work, isNested) {
      if (failure !== null) throw refused('sync', failure.cause)
      let result
      try {
        result = await work()
      } catch (error) {
        throw translated(error)
      }
      if (!isNested) recovered()
      return result
    },
    noticed(error) {
      if (!isClosed) translated(error)
    },
    durable(synced) {
      return synced.catch((error: unknown) => {
        // Whatever errno it reports, a commit that cannot be made durable (the fsync failed, or the log
        // could not even be opened for it) leaves the store unable to vouch for what it holds.
        throw isClosed ? error : refused('sync', error)
      })
    },
    close() {
      isClosed = true
      stopProbing()
    },
  }
}
