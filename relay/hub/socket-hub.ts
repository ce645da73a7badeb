import type { AccountSummary } from '../../common/domain/account.js'
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../common/domain/reply-window.js'
import type { User } from '../../common/domain/user.js'
import { handshakeSchema } from '../../common/relay/event-schemas.js'
import type { RelayEvent, RelayHandshake } from '../../common/relay/events.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import { hashSessionToken } from '../auth/session-token.js'
import type { CommandHandlers } from '../commands/command-handlers.js'
import type { RelayLogger } from '../logger.js'
import type { RelayMetrics } from '../metrics.js'
import type { LiveSocket, LiveSockets } from '../desktops/live-sockets.js'
import type { EventVisibility, VisibilitySource } from '../desktops/event-visibility.js'
import type { RelayStore } from '../store/relay-store.js'
import { createSerialQueue } from '../store/serial-queue.js'
import type { DurablePublisher } from '../store/durable-publisher.js'
import type { ClusterAdapter } from '../cluster/cluster-adapter.js'
import { createEventPacketParser } from './event-packet-parser.js'
import { isWorthASnapshot, streamSnapshot, type SnapshotChannel } from './snapshot-stream.js'
import { registerSocketCommands } from './socket-commands.js'

/** The connect_error messages a desktop can act on: sign in again, or fix its cursor. */
export const HANDSHAKE_ERRORS = { unauthorized: 'unauthorized', invalid: 'invalid handshake' } as const

/** Events per `events:replayed` page. */
export const REPLAY_PAGE_SIZE = 500

const LIVE_ROOM = 'live'

/** How long a desktop may take to store one snapshot page before the relay gives up on it. */
const SNAPSHOT_ACK_TIMEOUT_MS = 60_000

type HubSocket = LiveSocket

/** The live side of the relay: desktops catch up from their cursor, then follow the log. */
export interface SocketHub {
  /** Broadcasts committed events; must be called in the tick of their commit (see `attach`). */
  publish(events: readonly RelayEvent[]): void
  /** Tells the sockets opened with `token` `session:revoked` and disconnects them; answers how many. */
  revokeSession(token: string, reason: string): number
  /** Disconnects every desktop and stops the socket server (the HTTP server is closed by its owner). */
  close(): Promise<void>
  readonly io: LiveSockets
}

/** Collaborators of the hub. */
export interface SocketHubDependencies {
  readonly httpServer: HttpServer
  readonly store: RelayStore
  /** What is on disk and published: replays end at its head, snapshots wait for theirs. */
  readonly publisher: Pick<DurablePublisher, 'head' | 'published'>
  readonly auth: AuthService
  /** What runs each socket command of the table. */
  readonly handlers: CommandHandlers
  readonly metrics: RelayMetrics
  readonly logger: RelayLogger
  /** The reply window the relay enforces, told to each desktop so its console shows the same. */
  readonly replyWindow?: ReplyWindowConfig
  /** The official accounts served now, named to each desktop at `sync:started` (keys and names only). */
  readonly accounts?: () => readonly AccountSummary[]
  readonly replayPageSize?: number
  /** Conversations and messages per snapshot page (tests use small pages to cross page boundaries). */
  readonly snapshotPageSize?: number
  /** Whether a user may receive an event (per-role visibility); defaults to the conversation view rule. */
  readonly visibility?: VisibilitySource
  /** How relays on one database reach each other (socket.io's PostgreSQL adapter); none on SQLite. */
  readonly clusterAdapter?: ClusterAdapter['adapter']
}

/**
 * Starts socket.io on the relay's HTTP server. A desktop connects with `{token, cursor, logId}`, hears
 * which log this is (`sync:started`), receives every event after its cursor in pages, then
 * `sync:caught-up`, then live events. No gap and no duplicate: the durable publisher sends a commit's
 * events in the tick its head moves past them, the replay reads only up to that head, and a socket
 * joins the live room in the same tick as the read that reached it, so each event reaches it exactly
 * once, by replay or live. Nothing not yet on disk is ever replayed, so a power cut cannot take back
 * what a desktop holds.
 */
export function createSocketHub(dependencies: SocketHubDependencies): SocketHub {
  const { store, publisher, auth, handlers, metrics, logger } = dependencies
  const pageSize = dependencies.replayPageSize ?? REPLAY_PAGE_SIZE
  const replyWindow = dependencies.replyWindow ?? DEFAULT_REPLY_WINDOW_CONFIG
  const visibility = dependencies.visibility ?? (() => Promise.resolve(isVisible))
  // Fan-outs wait for their visibility one after another, so desktops get commits in seq order.
  const fanOuts = createSerialQueue()
  const io: SocketHub['io'] = new Server(dependencies.httpServer, {
    serveClient: false,
    // A long replay must not be mistaken for a dead peer.
    pingTimeout: 30_000,
    maxHttpBufferSize: 1_000_000,
    // A live event goes out as the JSON the log stored, not serialised once more per broadcast.
    parser: createEventPacketParser((value) => store.jsonOf(value)),
    ...(dependencies.clusterAdapter === undefined ? {} : { adapter: dependencies.clusterAdapter }),
  })

  io.use((socket, next) => {
    const handshake = handshakeSchema.safeParse(socket.handshake.auth)
    if (!handshake.success) return next(new Error(HANDSHAKE_ERRORS.invalid))
    auth.authenticate(handshake.data.token).then(
      (user) => {
        if (user === null) return next(new Error(HANDSHAKE_ERRORS.unauthorized))
        socket.data.user = user
        socket.data.tokenHash = hashSessionToken(handshake.data.token)
        next()
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    )
  })

  io.on('connection', (socket: HubSocket) => {
    metrics.agentsConnected.inc()
    socket.on('disconnect', () => metrics.agentsConnected.dec())
    const handshake = socket.handshake.auth as RelayHandshake
    registerCommands(socket)
    replay(socket, handshake).catch((error: unknown) => {
      logger.error({ err: error, username: socket.data.user.username }, 'replay failed')
      socket.disconnect(true)
    })
  })

  async function replay(socket: HubSocket, handshake: RelayHandshake): Promise<void> {
    const { cursor } = handshake
    let position = cursor
    const head = publisher.head()
    socket.emit('sync:started', {
      logId: store.logId,
      replyWindow,
      accounts: dependencies.accounts?.() ?? [],
    })
    if (!isCursorOfThisLog(handshake, store.logId, head)) {
      // The cursor counts seqs of another log (a restored backup, a database replaced by hand), or of none
      // the desktop can name: what it holds may differ from this log's events under the same seqs, so it
      // starts over from 0 rather than skip any.
      socket.emit('sync:reset', { head, logId: store.logId })
      position = 0
    }
    if (handshake.canReceiveSnapshot === true && (await isWorthASnapshot(store, position, head))) {
      const started = performance.now()
      const sent = await streamSnapshot(snapshotChannelOf(socket), {
        store,
        published: (seq) => publisher.published(seq),
        user: socket.data.user,
        canSee: await visibility(),
        ...(dependencies.snapshotPageSize === undefined ? {} : { pageSize: dependencies.snapshotPageSize }),
      })
      if (sent === null) return
      logger.info(
        { username: socket.data.user.username, ...sent, ms: Math.round(performance.now() - started) },
        'snapshot sent',
      )
      // The replay below sends what was written while the snapshot was read and sent.
      position = sent.seq
    }
    for (;;) {
      if (socket.disconnected) return
      // Up to the published head only: later commits are not durable yet and reach the socket live.
      const through = publisher.head()
      const page = await store.events.after(position, pageSize, through)
      const last = page.at(-1)
      if (last !== undefined) {
        const canSee = await visibility()
        socket.emit(
          'events:replayed',
          page.filter((event) => canSee(socket.data.user, event)),
        )
        position = last.seq
      }
      if (page.length < pageSize) {
        // Published while the page was read: read on, the socket is not in the room that heard it.
        if (publisher.head() !== through) continue
        // Same tick as the check that nothing was published since the read: a publish takes the room's
        // members in its own tick, so each event reaches the socket once, by this replay or live. The
        // in-memory adapter joins synchronously; an async adapter would need a seq filter.
        void socket.join(LIVE_ROOM)
        socket.emit('sync:caught-up', { cursor: position })
        return
      }
      // Let webhooks and other desktops run between full pages of a long catch-up.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  function snapshotChannelOf(socket: HubSocket): SnapshotChannel {
    const gone = new Promise<never>((_resolve, reject) =>
      socket.once('disconnect', () => reject(new Error('the desktop disconnected'))),
    )
    gone.catch(() => undefined)
    return {
      begin: (info) => socket.emit('snapshot:begun', info),
      page: async (page) => {
        await Promise.race([socket.timeout(SNAPSHOT_ACK_TIMEOUT_MS).emitWithAck('snapshot:page', page), gone])
      },
      end: (info) => socket.emit('snapshot:ended', info),
      isClosed: () => socket.disconnected,
    }
  }

  function registerCommands(socket: HubSocket): void {
    const onInternal = (error: unknown): void =>
      logger.error({ err: error, username: socket.data.user.username }, 'command failed')
    registerSocketCommands(socket, { auth, handlers, onInternal })
  }

  /**
   * Each desktop gets only what its user may see: agents never receive others' conversations. Desktops
   * that see the same events share one packet, so a commit is one frame and one write per socket.
   */
  function fanOut(events: readonly RelayEvent[], live: readonly string[], canSee: EventVisibility): void {
    const audiences = new Map<string, { readonly events: RelayEvent[]; readonly ids: string[] }>()
    for (const id of live) {
      const socket = io.sockets.sockets.get(id)
      if (socket === undefined) continue
      const user = socket.data.user
      let key = ''
      for (const event of events) key += canSee(user, event) ? '1' : '0'
      const audience = audiences.get(key)
      if (audience !== undefined) audience.ids.push(id)
      else audiences.set(key, { events: events.filter((event) => canSee(user, event)), ids: [id] })
    }
    for (const { events: visible, ids } of audiences.values()) {
      if (visible.length === 0) continue
      // One broadcast encodes the packet once for all its sockets; a per-socket emit encodes it per desktop.
      // Local: every relay fans out the log it reads itself, so nothing goes through the cluster adapter.
      const target = io.local.to(ids)
      if (visible.length === 1) target.emit('event:appended', visible[0]!)
      else target.emit('events:appended', visible)
    }
  }

  return {
    io,
    publish(events) {
      const room = io.sockets.adapter.rooms.get(LIVE_ROOM)
      if (events.length === 0) return
      if (room === undefined) {
        // Nobody to tell, but the visibility must still hear of changed teams and users.
        visibility(events).catch(() => undefined)
        return
      }
      // The members as of the publish: a socket joining later replayed these events already.
      const live = [...room]
      fanOuts
        .run(async () => fanOut(events, live, await visibility(events)))
        .catch((error: unknown) => logger.error({ err: error }, 'fan-out failed'))
    },
    revokeSession(token, reason) {
      const tokenHash = hashSessionToken(token)
      let count = 0
      for (const socket of io.sockets.sockets.values()) {
        if (socket.data.tokenHash !== tokenHash) continue
        socket.emit('session:revoked', { reason })
        socket.disconnect(true)
        count += 1
      }
      return count
    },
    async close() {
      io.local.disconnectSockets(true)
      // io.close() would close the HTTP server too; its owner (fastify) does that after draining requests.
      io.engine.close()
      // Other relays hear this one leave at once, not after its heartbeats stop.
      await io.of('/').adapter.close()
    },
  }
}

/**
 * Whether a handshake's cursor counts seqs of this log: it names this log (a desktop that names none has
 * nothing to lose only at 0) and lies within what was published of it.
 */
function isCursorOfThisLog(
  handshake: { readonly cursor: number; readonly logId?: string | undefined },
  logId: string,
  head: number,
): boolean {
  if (handshake.logId === undefined ? handshake.cursor > 0 : handshake.logId !== logId) return false
  return handshake.cursor <= head
}

function isVisible(user: User, event: RelayEvent): boolean {
  return !('conversation' in event) || can(user, 'conversation:view', event.conversation)
}
