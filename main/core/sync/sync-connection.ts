import { io, type Socket } from 'socket.io-client'
import { z } from 'zod'
import type { ReplyWindowConfig } from '../../../common/domain/reply-window.js'
import type { ConnectionState } from '../../../common/ipc/channels.js'
import {
  sessionRevokedSchema,
  snapshotEndSchema,
  syncResetSchema,
  syncStartedSchema,
} from '../../../common/relay/event-schemas.js'
import type {
  CommandResult,
  RelayEvent,
  ServerToClientEvents,
  SnapshotStart,
} from '../../../common/relay/events.js'
import type {
  CommandRequest,
  ParsedCommandAnswer,
  SocketCommandName,
} from '../../../common/relay/relay-commands.js'
import type { ReplicaSnapshot } from '../replica/replica-snapshot.js'
import type { ApplyResult, ReplicaStore } from '../replica/replica-store.js'
import type { Backoff, Clock } from './clock.js'
import { commandResultOf } from './relay-answers.js'
import { parseRelayEvent } from './relay-event-schema.js'
import { accountsAfter, relayAccounts, relayReplyWindow } from './relay-facts.js'
import { parseSnapshotPage, parseSnapshotStart } from './snapshot-page-schema.js'

/** The relay's pushes as they arrive: unparsed, until the push's schema (common/relay) says what they are. */
type Unparsed<E> = {
  [K in keyof E]: E[K] extends (payload: never, ...rest: infer R) => void
    ? (payload: unknown, ...rest: R) => void
    : never
}

/** The commands as sent: each ack unparsed, until the command's answer schema reads it. */
type SentCommands = {
  [K in SocketCommandName]: (request: unknown, ack: (result: unknown) => void) => void
}

type RelaySocket = Socket<Unparsed<ServerToClientEvents>, SentCommands>

/** The command names the desktop sends over the socket. */
export type RelayCommand = SocketCommandName

/** sync:started as the desktop reads it: the log id must parse, the reply window is checked on its own. */
const syncStartedLogSchema = syncStartedSchema.extend({ replyWindow: z.unknown(), accounts: z.unknown() })

/** What the connection tells its owner. */
export interface SyncConnectionListeners {
  onStateChanged(state: ConnectionState): void
  /** A batch of events reached the replica; `isLive` is false while catching up. */
  onApplied(result: ApplyResult, isLive: boolean): void
  /** An event failed validation and was not applied. */
  onMalformed(problem: string, value: unknown): void
  /** The replay reached the head: the outbox may go out. */
  onLive(): void
  /** The relay no longer accepts this session. */
  onRevoked(reason: string): void
  /**
   * The replica's cursor does not count seqs of the relay's log `logId` (a restored backup, or a log
   * behind the cursor): the replica must drop its shared state and take cursor 0 of `logId` now, before
   * the snapshot or replay from seq 0 that follows on the same connection.
   */
  onReset?(head: number, logId: string | null): void
  /**
   * A snapshot (sent instead of the log to a desktop starting from nothing or far behind) is all in the
   * replica and the cursor is its `seq`: the renderer hears of the new state once, here, not per page.
   */
  onSnapshotApplied?(seq: number): void
  /** Live state the relay does not log (presence, viewing marks, the board): handed on unparsed. */
  onLiveState?(name: LiveStatePush, payload: unknown): void
  /** The relay named the reply window it enforces (kept in the replica for when it is unreachable). */
  onReplyWindow?(config: ReplyWindowConfig): void
  /** The relay named its accounts (kept in the replica, for the session state). */
  onRelayFacts?(): void
}

/** The relay's pushes of live state, outside the event log. */
export const LIVE_STATE_PUSHES = [
  'presence:snapshot',
  'presence:changed',
  'viewing:snapshot',
  'viewing:changed',
  'board:updated',
] as const satisfies readonly (keyof ServerToClientEvents)[]

/** One of the live-state pushes. */
export type LiveStatePush = (typeof LIVE_STATE_PUSHES)[number]

/** Everything a connection needs. */
export interface SyncConnectionOptions extends SyncConnectionListeners {
  readonly relayUrl: string
  readonly token: string
  readonly username: string
  readonly store: ReplicaStore
  /** Where a snapshot from the relay goes; without one the desktop asks for the log replay only. */
  readonly snapshot?: ReplicaSnapshot
  readonly clock: Clock
  readonly backoff: Backoff
}

/** The socket refused a command because it is not live: the caller keeps it for later. */
export class NotConnectedError extends Error {
  constructor(message = 'Not connected to the relay.') {
    super(message)
    this.name = 'NotConnectedError'
  }
}

/** Handshake answers after which reconnecting cannot help. */
const REVOKING_ERRORS = new Set(['unauthorized', 'invalid handshake'])

/**
 * One agent's link to the relay: connects with `{token, cursor, logId}`, applies the replayed pages, then
 * follows live events; on loss it goes offline with a retry time and tries again on the injected
 * clock. socket.io's own reconnection is off: the cursor in the replica is the only guarantee.
 */
export function createSyncConnection(options: SyncConnectionOptions) {
  const { store, clock } = options
  let socket: RelaySocket | null = null
  let state: ConnectionState = { state: 'connecting' }
  let attempt = 0
  let cancelRetry: (() => void) | null = null
  let isStopped = false
  let isRevoked = false
  let catchUpApplied = 0
  // The snapshot being received on this connection, if any: its pages are only good with its end.
  let snapshotStart: SnapshotStart | null = null
  // Live events that arrive before the replay ends wait, so none is applied ahead of an older one.
  let heldBack: RelayEvent[] = []
  // The relay's log as `sync:started` named it on this connection.
  let announcedLogId: string | null = null

  function setState(next: ConnectionState): void {
    state = next
    options.onStateChanged(next)
  }

  function parsed(values: readonly unknown[]): RelayEvent[] {
    const events: RelayEvent[] = []
    for (const value of values) {
      const result = parseRelayEvent(value)
      if (result.ok) events.push(result.event)
      else options.onMalformed(result.problem, value)
    }
    return events
  }

  function apply(events: readonly RelayEvent[], isLive: boolean): void {
    if (events.length === 0) return
    const result = store.applyEvents(events, options.username)
    if (result.appliedCount > 0) options.onApplied(result, isLive)
    // The accounts the relay serves are a fact of the connection (sync:started names them all): an
    // admin's change between connections is folded into what it named.
    const changed = events.filter((event) => event.type === 'account.upserted')
    if (changed.length > 0) {
      relayAccounts.keep(store, accountsAfter(relayAccounts.read(store), changed))
      options.onRelayFacts?.()
    }
  }

  function connect(): void {
    if (isStopped || isRevoked) return
    cancelRetry?.()
    cancelRetry = null
    socket?.removeAllListeners()
    socket?.disconnect()
    heldBack = []
    catchUpApplied = 0
    snapshotStart = null
    announcedLogId = null
    setState({ state: 'connecting' })
    const current: RelaySocket = io(options.relayUrl, {
      auth: (callback) =>
        callback({
          token: options.token,
          cursor: store.cursor(),
          // Which log the cursor counts: a relay whose log has another identity starts this replica over.
          ...(store.logId() === null ? {} : { logId: store.logId() }),
          ...(options.snapshot === undefined ? {} : { canReceiveSnapshot: true }),
        }),
      reconnection: false,
      forceNew: true,
      transports: ['websocket'],
      timeout: 10_000,
    })
    socket = current
    let isCaughtUp = false

    current.on('connect', () => {
      attempt = 0
      setState({ state: 'catching-up', applied: 0 })
    })
    current.on('events:replayed', (values) => {
      if (!Array.isArray(values)) return options.onMalformed('events:replayed: not a list', values)
      const events = parsed(values)
      apply(events, false)
      catchUpApplied += events.length
      setState({ state: 'catching-up', applied: catchUpApplied })
    })
    current.on('sync:started', (value) => {
      const started = syncStartedLogSchema.safeParse(value)
      if (!started.success) return options.onMalformed('sync:started: no log id', value)
      const info = started.data
      announcedLogId = info.logId
      store.adoptLogId(info.logId)
      // A relay older than these fields sends none: the console keeps what it knew, or WeChat's table.
      if (info.accounts !== undefined) {
        if (relayAccounts.keep(store, info.accounts) === null)
          options.onMalformed('sync:started: not a list of accounts', info)
        else options.onRelayFacts?.()
      }
      if (info.replyWindow === undefined) return
      const replyWindow = relayReplyWindow.keep(store, info.replyWindow)
      if (replyWindow === null) return options.onMalformed('sync:started: not a reply window', info)
      options.onReplyWindow?.(replyWindow)
    })
    current.on('sync:reset', (value) => {
      heldBack = []
      catchUpApplied = 0
      const info = syncResetSchema.safeParse(value)
      // A relay that names no log (one older than log identities) leaves the cursor naming none either.
      const logId = info.success && info.data.logId !== undefined ? info.data.logId : announcedLogId
      options.onReset?.(info.success ? info.data.head : 0, logId)
      setState({ state: 'catching-up', applied: 0 })
    })
    current.on('snapshot:begun', (value) => {
      const start = parseSnapshotStart(value)
      if (start === null || options.snapshot === undefined) {
        options.onMalformed('snapshot:begun: not a snapshot start', value)
        return scheduleRetry('the relay sent a snapshot that cannot be taken')
      }
      options.snapshot.begin(start.expiredBefore ?? null)
      snapshotStart = start
      catchUpApplied = 0
      setState(catchingUp())
    })
    current.on('snapshot:page', (value, ack) => {
      // Acked even when refused: the relay's next page must not wait on a page that will never be stored.
      try {
        if (snapshotStart === null || options.snapshot === undefined)
          return options.onMalformed('snapshot:page: no snapshot begun', value)
        const parsed = parseSnapshotPage(value)
        if (!parsed.ok) return options.onMalformed(parsed.problem, value)
        for (const refusal of parsed.refusals) options.onMalformed(refusal.problem, refusal.value)
        catchUpApplied += options.snapshot.applyPage(parsed.page)
        setState(catchingUp())
      } finally {
        if (typeof ack === 'function') ack()
      }
    })
    current.on('snapshot:ended', (value) => {
      const ended = snapshotEndSchema.safeParse(value)
      const seq = ended.success ? ended.data.seq : null
      if (snapshotStart === null || options.snapshot === undefined || seq !== snapshotStart.seq) {
        options.onMalformed('snapshot:ended: not the end of the snapshot begun', value)
        // The cursor stays where it was, so the next connection starts the snapshot over.
        return scheduleRetry('the relay ended a snapshot it had not begun')
      }
      options.snapshot.end(snapshotStart.seq, options.username)
      snapshotStart = null
      options.onSnapshotApplied?.(seq)
    })
    current.on('sync:caught-up', () => {
      isCaughtUp = true
      const waiting = heldBack
      heldBack = []
      apply(waiting, true)
      setState({ state: 'live' })
      options.onLive()
    })
    current.on('event:appended', (value) => {
      const events = parsed([value])
      if (isCaughtUp) apply(events, true)
      else heldBack.push(...events)
    })
    current.on('events:appended', (values) => {
      if (!Array.isArray(values)) return options.onMalformed('events:appended: not a list', values)
      const events = parsed(values)
      if (isCaughtUp) apply(events, true)
      else heldBack.push(...events)
    })
    for (const name of LIVE_STATE_PUSHES) {
      current.on(name, (payload) => options.onLiveState?.(name, payload))
    }
    current.on('session:revoked', (value) => {
      const info = sessionRevokedSchema.safeParse(value)
      revoke(info.success ? info.data.reason : 'signed out')
    })
    current.on('connect_error', (error) => {
      if (REVOKING_ERRORS.has(error.message))
        revoke(`The relay refused this session (${error.message}). Sign in again.`)
      else scheduleRetry(`cannot reach the relay (${error.message})`)
    })
    current.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return
      scheduleRetry(`connection lost (${reason})`)
    })
  }

  function catchingUp(): ConnectionState {
    return snapshotStart === null
      ? { state: 'catching-up', applied: catchUpApplied }
      : {
          state: 'catching-up',
          applied: catchUpApplied,
          total: snapshotStart.conversations + snapshotStart.messages,
        }
  }

  function revoke(reason: string): void {
    isRevoked = true
    cancelRetry?.()
    socket?.removeAllListeners()
    socket?.disconnect()
    socket = null
    setState({ state: 'revoked', reason })
    options.onRevoked(reason)
  }

  function scheduleRetry(reason: string): void {
    if (isStopped || isRevoked) return
    socket?.removeAllListeners()
    socket?.disconnect()
    socket = null
    const delay = options.backoff(attempt)
    attempt += 1
    cancelRetry?.()
    cancelRetry = clock.setTimer(connect, delay)
    setState({ state: 'offline', retryAt: clock.now() + delay, reason })
  }

  /** One command over the live socket, its ack parsed with the command's answer schema. */
  async function emitCommand<C extends RelayCommand>(
    command: C,
    request: unknown,
    timeoutMs: number,
  ): Promise<CommandResult<ParsedCommandAnswer<C>>> {
    if (socket === null || state.state !== 'live') throw new NotConnectedError()
    const name: RelayCommand = command
    const ack = await socket.timeout(timeoutMs).emitWithAck(name, request)
    return commandResultOf(command, ack)
  }

  return {
    /** Starts connecting. */
    start: connect,
    /** Tries now instead of waiting for the retry time. */
    reconnectNow(): void {
      attempt = 0
      connect()
    },
    /** The state now. */
    state: (): ConnectionState => state,
    /**
     * Sends a command and waits for the relay's answer, parsed with the command's answer schema (an
     * answer that does not parse is an `internal` refusal saying so); rejects when not live or
     * unanswered in time.
     */
    async command<C extends RelayCommand>(
      command: C,
      request: CommandRequest<C>,
      timeoutMs: number,
    ): Promise<CommandResult<ParsedCommandAnswer<C>>> {
      return emitCommand(command, request, timeoutMs)
    },
    /**
     * Sends a request the outbox stored (the relay parses it, like any), its answer parsed like
     * `command`'s.
     */
    async commandStored<C extends RelayCommand>(
      command: C,
      request: Readonly<Record<string, unknown>>,
      timeoutMs: number,
    ): Promise<CommandResult<ParsedCommandAnswer<C>>> {
      return emitCommand(command, request, timeoutMs)
    },
    /** Closes the socket for good. */
    stop(): void {
      isStopped = true
      cancelRetry?.()
      socket?.removeAllListeners()
      socket?.disconnect()
      socket = null
      setState({ state: 'signed-out' })
    },
  }
}

/** One agent's link to the relay. */
export type SyncConnection = ReturnType<typeof createSyncConnection>
