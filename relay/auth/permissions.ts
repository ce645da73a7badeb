import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'

/** Everything a user may try; each command checks one of these. */
export type Action =
  'conversation:view' | 'conversation:assign' | 'conversation:claim' | 'message:send' | 'user:create'

/**
 * The one place roles are decided. Today every active user sees and answers every conversation;
 * "agents see their own and unassigned" slots in here, and the hub and routes follow.
 */
export function can(user: User, action: Action, conversation?: Conversation): boolean {
  if (user.isDisabled) return false
  switch (action) {
    case 'user:create':
      return user.role === 'admin'
    case 'conversation:assign':
      return user.role !== 'agent'
    case 'conversation:claim':
      return (
        conversation === undefined ||
        conversation.assignee === null ||
        conversation.assignee === user.username
      )
    case 'conversation:view':
    case 'message:send':
      return true
  }
}
