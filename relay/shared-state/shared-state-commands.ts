import { z } from 'zod'
import type { ConversationViewers } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import {
  followerUpdateSchema,
  noteRequestSchema,
  statusRequestSchema,
  tagChangesRequestSchema,
  tagsRequestSchema,
} from '../../common/relay/schemas.js'
import {
  bulkAssignRequestSchema,
  presenceRequestSchema,
  viewingRequestSchema,
} from '../../common/relay/shared-state-schemas.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import type { SocketHub } from '../hub/socket-hub.js'
import type { RelayLogger } from '../logger.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import type { SharedState } from './shared-state.js'
import { answerCommand, currentUserOf, parseCommand } from './socket-command.js'

/** The socket.io room of desktops watching the board. */
export const BOARD_ROOM = 'board'

const conversationId = z.object({ conversationId: z.string().min(1).max(128) })

/** Collaborators of the socket commands. */
export interface SharedStateCommandDependencies {
  readonly store: RelayStore
  readonly shared: SharedState
  /** Re-reads each command's user for the socket's session. */
  readonly auth: Pick<AuthService, 'userOfSession'>
  readonly logger: RelayLogger
}

/**
 * Registers, on every desktop that connects, the shared-state commands (notes, status, tags, follower
 * panel, bulk assignment, presence, viewing, board) and its presence. Each command re-reads its user so a
 * role change, a disabling or a sign-out applies to the very next command.
 */
export function attachSharedStateCommands(
  io: SocketHub['io'],
  dependencies: SharedStateCommandDependencies,
): void {
  const { store, shared, auth, logger } = dependencies
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
    const username = socket.data.user.username
    shared.presence.connect(socket.id, username)
    socket.emit('presence:snapshot', shared.presence.list())
    socket.emit('viewing:snapshot', visibleViewers(socket.data.user))
    socket.on('disconnect', () => shared.presence.disconnect(socket.id))

    const currentUser = (): User => currentUserOf(auth, socket.data.tokenHash)
    const onInternal = (error: unknown): void => logger.error({ err: error, username }, 'command failed')
    const command = <T>(ack: unknown, work: () => T | Promise<T>): void =>
      answerCommand(ack, work, onInternal)

    socket.on('note:add', (request, ack) =>
      command(ack, () => {
        const parsed = parseCommand(noteRequestSchema.extend(conversationId.shape), request)
        return shared.tickets.addNote(
          currentUser(),
          parsed.conversationId,
          parsed.clientMessageId,
          parsed.text,
        ).message
      }),
    )
    socket.on('conversation:set-status', (request, ack) =>
      command(ack, () => {
        const parsed = parseCommand(statusRequestSchema.extend(conversationId.shape), request)
        return shared.tickets.setStatus(currentUser(), parsed.conversationId, parsed.status, parsed.version)
      }),
    )
    socket.on('conversation:set-tags', (request, ack) =>
      command(ack, () => {
        // Differences (added/removed) from a desktop's outbox; a whole set from anyone else.
        if (typeof request === 'object' && request !== null && 'added' in request) {
          const changes = parseCommand(tagChangesRequestSchema.extend(conversationId.shape), request)
          return shared.tags.changeConversationTags(currentUser(), changes.conversationId, changes)
        }
        const parsed = parseCommand(tagsRequestSchema.extend(conversationId.shape), request)
        return shared.tags.setConversationTags(currentUser(), parsed.conversationId, parsed.tagIds)
      }),
    )
    socket.on('conversation:update-follower', (request, ack) =>
      command(ack, () => {
        const parsed = parseCommand(followerUpdateSchema.extend(conversationId.shape), request)
        const { conversationId: id, ...update } = parsed
        return shared.tickets.updateFollower(currentUser(), id, update)
      }),
    )
    socket.on('conversations:bulk-assign', (request, ack) =>
      command(ack, () =>
        shared.assignment.bulkAssign(currentUser(), parseCommand(bulkAssignRequestSchema, request)),
      ),
    )
    socket.on('presence:set', (request, ack) =>
      command(ack, () => {
        currentUser()
        return shared.presence.heartbeat(socket.id, parseCommand(presenceRequestSchema, request).status)
      }),
    )
    socket.on('conversation:view', (request, ack) =>
      command(ack, () => {
        const user = currentUser()
        const parsed = parseCommand(viewingRequestSchema, request)
        const conversation = store.conversations.get(parsed.conversationId)
        if (conversation === null)
          throw new RelayError('not_found', `No conversation ${parsed.conversationId}.`)
        if (!can(user, 'conversation:view', conversation, conversationAccessOf(store, user, conversation))) {
          throw new RelayError('forbidden', 'Not your conversation.')
        }
        return shared.presence.setViewing(socket.id, parsed.conversationId, parsed.isViewing)
      }),
    )
    socket.on('board:watch', (_request, ack) =>
      command(ack, () => {
        if (!can(currentUser(), 'board:view'))
          throw new RelayError('forbidden', 'Only supervisors see the board.')
        void socket.join(BOARD_ROOM)
        return shared.board()
      }),
    )
  })
}
