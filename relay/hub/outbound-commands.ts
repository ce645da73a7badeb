import type { Socket } from 'socket.io'
import { z } from 'zod'
import type { User } from '../../common/domain/user.js'
import type { ClientToServerEvents } from '../../common/relay/events.js'
import {
  sendMessageRequestSchema,
  sendTemplateRequestSchema,
  typingRequestSchema,
} from '../../common/relay/schemas.js'
import type { ConversationService } from '../conversations/conversation-service.js'
import { answerCommand, parseCommand } from '../shared-state/socket-command.js'

const conversationId = z.string().min(1).max(128)
const messageCommandSchema = sendMessageRequestSchema.extend({ conversationId })
const templateCommandSchema = sendTemplateRequestSchema.extend({ conversationId })

/** What the outbound socket commands need. */
export interface OutboundCommandDependencies {
  readonly conversations: ConversationService
  /** Reports a failure that is not a refusal (a bug or the disk), answered as `internal`. */
  readonly onInternal: (error: unknown) => void
}

/**
 * The socket twins of the outbound REST routes: `message:send`, `template:send` and `typing:send`, each
 * answered through its ack with the stored message (or null for typing) or the relay error body. Each
 * asks `currentUser` who sends, so a demotion, a disabling or a sign-out applies to the very next one.
 */
export function registerOutboundCommands(
  socket: Socket<ClientToServerEvents>,
  currentUser: () => User,
  dependencies: OutboundCommandDependencies,
): void {
  const { conversations, onInternal } = dependencies
  socket.on('message:send', (request, ack) =>
    answerCommand(
      ack,
      () => {
        const parsed = parseCommand(messageCommandSchema, request)
        return conversations.submit({
          conversationId: parsed.conversationId,
          clientMessageId: parsed.clientMessageId,
          body: parsed.body,
          sender: currentUser(),
        })
      },
      onInternal,
    ),
  )
  socket.on('template:send', (request, ack) =>
    answerCommand(
      ack,
      () =>
        conversations.sendTemplate({
          ...parseCommand(templateCommandSchema, request),
          sender: currentUser(),
        }),
      onInternal,
    ),
  )
  socket.on('typing:send', (request, ack) =>
    answerCommand(
      ack,
      async () => {
        const parsed = parseCommand(typingRequestSchema, request)
        await conversations.typing(currentUser(), parsed.conversationId, parsed.isTyping)
        return null
      },
      onInternal,
    ),
  )
}
