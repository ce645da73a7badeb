import type { Conversation, TicketStatus } from '../../common/domain/conversation.js'

/**
 * The conversation with its ticket in `status`, by whoever changes it (an agent, or the relay's
 * auto-resolve): a resolved ticket stops its SLA clock, so a reopening starts it from the new message.
 */
export function withTicketStatus(conversation: Conversation, status: TicketStatus, at: number): Conversation {
  return {
    ...conversation,
    status,
    awaitingReplySince: status === 'resolved' ? null : conversation.awaitingReplySince,
    version: conversation.version + 1,
    updatedAt: at,
  }
}
