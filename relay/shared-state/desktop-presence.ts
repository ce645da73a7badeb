import type { ConversationViewers } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import { can } from '../auth/permissions.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import type { LiveSockets } from './live-sockets.js'
import type { SharedState } from './shared-state.js'

/** Collaborators of a desktop's presence. */
export interface DesktopPresenceDependencies {
  readonly store: RelayStore
  readonly shared: SharedState
}

/**
 * On every desktop that connects: its presence (online until it disconnects or falls silent), everyone's
 * presence and the viewing marks it may see. Its commands are mounted by the hub from the table.
 */
export function attachDesktopPresence(io: LiveSockets, dependencies: DesktopPresenceDependencies): void {
  const { store, shared } = dependencies
  // Marks set before this desktop connected, on the conversations its user may see.
  const visibleViewers = (user: User): ConversationViewers[] =>
    shared.presence.allViewers().filter((viewers) => {
      const conversation = store.conversations.get(viewers.conversationId)
      return (
        conversation !== null &&
        can(user, 'conversation:view', conversation, conversationAccessOf(store, user, conversation))
      )
    })
  io.on('connection', (socket) => {
    shared.presence.connect(socket.id, socket.data.user.username)
    socket.emit('presence:snapshot', shared.presence.list())
    socket.emit('viewing:snapshot', visibleViewers(socket.data.user))
    socket.on('disconnect', () => shared.presence.disconnect(socket.id))
  })
}
