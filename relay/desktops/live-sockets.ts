import type { Server, Socket } from 'socket.io'
import type { User } from '../../common/domain/user.js'
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/relay/events.js'

/** What the relay keeps on each desktop's socket. */
export interface SocketData {
  user: User
  /** Which session opened the socket, so signing that session out ends it. */
  tokenHash: string
}

/**
 * What relays on one database tell each other through socket.io's cluster adapter: each receiver parses
 * what it is told (another relay may run another version).
 */
export interface RelayToRelayEvents {
  'relays:told': (message: unknown) => void
}

/**
 * The desktops connected to this relay: the hub's socket.io server, typed here so the domain can reach
 * the desktops (presence, the board room, ended sessions) without importing the hub.
 */
export type LiveSockets = Server<ClientToServerEvents, ServerToClientEvents, RelayToRelayEvents, SocketData>

/** One desktop's socket. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, RelayToRelayEvents, SocketData>
