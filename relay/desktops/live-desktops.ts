import type { User } from '../../common/domain/user.js'
import type { ServerToClientEvents } from '../../common/relay/events.js'
import type { OtherRelays } from '../cluster/other-relays.js'
import type { LiveSocket, LiveSockets } from './live-sockets.js'

/** The events sent without an acknowledgement: all the domain sends. */
type Notice = {
  [E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]> extends [unknown] ? E : never
}[keyof ServerToClientEvents]
type Sent<E extends Notice> = Parameters<ServerToClientEvents[E]>

/** A desktop connected to this relay, as the domain reaches it. */
export interface LiveDesktop {
  /** The socket's id: presence and viewing marks are per desktop. */
  readonly id: string
  readonly user: User
  emit<E extends Notice>(event: E, ...payload: Sent<E>): void
  /** The user of this socket changed (role, team): later checks read the new one. */
  updateUser(user: User): void
  /** Leaves every room `matches` says yes to. */
  leaveWhere(matches: (room: string) => boolean): void
  /** Tells the desktop why and closes its socket. */
  end(reason: string): void
}

/**
 * The desktops connected to this relay, for the domain modules that reach them (presence, the board,
 * ended sessions) without importing the hub. The hub's socket.io server is attached once it exists;
 * before that there is nobody to reach and every call does nothing.
 */
export interface LiveDesktops {
  attach(io: LiveSockets): void
  /** Runs for every desktop that connects once attached (after the hub authenticated it). */
  onConnect(listener: (desktop: LiveDesktop, onDisconnect: (listener: () => void) => void) => void): void
  each(visit: (desktop: LiveDesktop) => void): void
  emitToAll<E extends Notice>(event: E, ...payload: Sent<E>): void
  emitToRoom<E extends Notice>(room: string, event: E, ...payload: Sent<E>): void
  roomSize(room: string): number
  /** The other relays on this database; null when there are none to reach (SQLite). */
  readonly otherRelays: OtherRelays | null
}

/** Creates the handle; `attach` it to the hub's server (one with a cluster adapter when `isClustered`). */
export function createLiveDesktops(options: { readonly isClustered: boolean }): LiveDesktops {
  let io: LiveSockets | null = null
  const connectListeners: Parameters<LiveDesktops['onConnect']>[0][] = []
  const toldListeners: ((message: unknown) => void)[] = []
  const reachableListeners: (() => void)[] = []
  const desktopOf = (socket: LiveSocket): LiveDesktop => ({
    id: socket.id,
    get user() {
      return socket.data.user
    },
    emit: (event, ...payload) => void socket.emit(event, ...payload),
    updateUser(user) {
      socket.data.user = user
    },
    leaveWhere(matches) {
      for (const room of [...socket.rooms]) if (matches(room)) void socket.leave(room)
    },
    end(reason) {
      socket.emit('session:revoked', { reason })
      socket.disconnect(true)
    },
  })
  return {
    attach(server) {
      io = server
      if (options.isClustered) {
        server.on('relays:told', (message) => {
          for (const listener of toldListeners) listener(message)
        })
        for (const listener of reachableListeners) listener()
      }
      server.on('connection', (socket) => {
        const desktop = desktopOf(socket)
        for (const listener of connectListeners)
          listener(desktop, (onDisconnect) => socket.on('disconnect', onDisconnect))
      })
    },
    onConnect(listener) {
      connectListeners.push(listener)
    },
    each(visit) {
      if (io === null) return
      for (const socket of io.sockets.sockets.values()) visit(desktopOf(socket))
    },
    // Local: each relay tells its own desktops; what other relays' desktops need, those relays send.
    emitToAll(event, ...payload) {
      io?.local.emit(event, ...payload)
    },
    emitToRoom(room, event, ...payload) {
      io?.local.to(room).emit(event, ...payload)
    },
    roomSize: (room) => io?.sockets.adapter.rooms.get(room)?.size ?? 0,
    otherRelays: options.isClustered
      ? {
          tell: (message) => void io?.serverSideEmit('relays:told', message),
          listen: (listener) => void toldListeners.push(listener),
          onReachable: (listener) => void reachableListeners.push(listener),
        }
      : null,
  }
}
