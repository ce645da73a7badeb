import type {
  CommandAnswer,
  CommandName,
  CommandUser,
  ParsedCommandRequest,
  SocketCommandName,
} from '../../common/relay/relay-commands.js'
import type { LiveBoard } from '../board/live-board.js'
import type { ConversationService } from '../conversations/conversation-service.js'
import { RelayError } from '../relay-error.js'
import { visibleConversationOf } from '../teams/conversation-access.js'
import type { TicketService } from '../tickets/ticket-service.js'
import { createRestHandlers, type RestHandlerDependencies } from './rest-handlers.js'

/** Who sent a command, as far as a handler may care: the transport stays with the registrars. */
export interface CommandCaller {
  /** The socket the command came through; null over REST. */
  readonly socketId: string | null
  /** The bearer token of a REST call (signing out ends it); null over the socket. */
  readonly token: string | null
  /** The caller's network address, as the relay trusts it (sign-in throttles count by it). */
  address(): string | null
  /** Joins the caller's socket to a room (board watchers); nothing over REST. */
  join(room: string): void
  /** The request was stored already (an idempotent create): REST answers its twin's `repeatedStatus`. */
  repeated(): void
}

/** What runs command `K`: the parsed request of a user allowed to run it, answered by a domain function. */
export type CommandHandler<K extends CommandName> = (
  user: CommandUser<K>,
  request: ParsedCommandRequest<K>,
  caller: CommandCaller,
) => CommandAnswer<K> | Promise<CommandAnswer<K>>

/** One handler per command of the table. */
export type CommandHandlers = { readonly [K in CommandName]: CommandHandler<K> }

/** What the handlers call. */
export interface CommandHandlerDependencies extends RestHandlerDependencies {
  readonly conversations: ConversationService
  readonly tickets: TicketService
  readonly board: LiveBoard
}

/**
 * The domain function behind each command of `relayCommands`. The registrars have parsed the request and
 * checked the command's permission for the user as they are now; whether the user may touch one
 * conversation is decided by the domain function that reads it.
 */
export function createCommandHandlers(dependencies: CommandHandlerDependencies): CommandHandlers {
  return { ...socketHandlersOf(dependencies), ...createRestHandlers(dependencies) }
}

/** The handlers of the commands a socket takes (most have a REST twin too). */
function socketHandlersOf(dependencies: CommandHandlerDependencies): {
  readonly [K in SocketCommandName]: CommandHandler<K>
} {
  const { store, conversations, tickets, tags, assignment, presence, board } = dependencies
  return {
    'message:send': (user, request) => conversations.submit({ ...request, sender: user }),
    'template:send': (user, request) => conversations.sendTemplate({ ...request, sender: user }),
    'typing:send': async (user, request) => {
      await conversations.typing(user, request.conversationId, request.isTyping)
      return null
    },
    'note:add': async (user, request, caller) => {
      const { message, isNew } = await tickets.addNote(
        user,
        request.conversationId,
        request.clientMessageId,
        request.text,
      )
      if (!isNew) caller.repeated()
      return message
    },
    'conversation:assign': (user, request) =>
      conversations.assign(user, request.conversationId, request.assignee, request.version),
    'conversation:set-status': (user, request) =>
      tickets.setStatus(user, request.conversationId, request.status, request.version),
    'conversation:snooze': (user, request) =>
      tickets.snooze(user, request.conversationId, request.snooze, request.version),
    'conversation:set-tags': (user, request) =>
      'tagIds' in request
        ? tags.setConversationTags(user, request.conversationId, request.tagIds)
        : tags.changeConversationTags(user, request.conversationId, request),
    'conversation:update-follower': (user, { conversationId, ...update }) =>
      tickets.updateFollower(user, conversationId, update),
    'conversations:bulk-assign': (user, request) => assignment.bulkAssign(user, request),
    'presence:set': (_user, request, caller) => presence.heartbeat(socketOf(caller), request.status),
    'conversation:view': async (user, request, caller) => {
      await visibleConversationOf(store, user, request.conversationId)
      return presence.setViewing(socketOf(caller), request.conversationId, request.isViewing)
    },
    'board:watch': async (user, _request, caller) => {
      // A supervisor whose team answers some accounts only watches the board of those.
      const team = user.teamId === null ? null : await store.teams.get(user.teamId)
      const accountKeys = team?.accountKeys ?? []
      caller.join(board.roomOf(accountKeys))
      return board.board(accountKeys)
    },
  }
}

/** Presence and viewing marks belong to a desktop's socket; the table gives those commands no REST twin. */
function socketOf(caller: CommandCaller): string {
  if (caller.socketId === null) throw new RelayError('invalid', 'Only a connected desktop sends this.')
  return caller.socketId
}
