import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { Action } from '../../common/relay/actions.js'

/** Everything a user may try; each command of the relay contract names one (common/relay/actions.ts). */
export type { Action }

/** Facts beyond the user and the conversation that a rule needs; absent means "no". */
export interface ConversationAccess {
  /** A teammate holds the conversation and the team shares its conversations. */
  readonly isTeamShared: boolean
  /** The conversation's account is not one the user's team answers for: nobody may see or touch it. */
  readonly isOutsideAccounts?: boolean
}

/**
 * The one place roles are decided. Agents work their own and unassigned conversations (and their
 * teammates' when the team shares); supervisors see all, reassign, manage tags, team canned replies and
 * read the board; admins also manage users and teams. Disabled users may do nothing, and nobody acts on
 * a conversation of an account their team does not answer for, whatever their role.
 */
export function can(
  user: User,
  action: Action,
  conversation?: Conversation,
  access?: ConversationAccess,
): boolean {
  if (user.isDisabled) return false
  if (access?.isOutsideAccounts === true && conversation !== undefined) return false
  const isSupervisor = user.role === 'supervisor' || user.role === 'admin'
  switch (action) {
    case 'user:create':
    case 'user:manage':
    case 'team:manage':
    case 'follower:erase':
    case 'audit-log:view':
    case 'auto-replies:manage':
    case 'account:manage':
      return user.role === 'admin'
    case 'conversation:assign':
    case 'tag:manage':
    case 'canned-response:manage-team':
    case 'board:view':
    case 'account:operate':
      return isSupervisor
    case 'report:view':
      return true
    case 'conversation:claim':
      return (
        conversation === undefined ||
        conversation.assignee === null ||
        conversation.assignee === user.username
      )
    case 'conversation:view':
    case 'conversation:work':
    case 'message:send':
      return (
        isSupervisor ||
        conversation === undefined ||
        conversation.assignee === null ||
        conversation.assignee === user.username ||
        access?.isTeamShared === true
      )
  }
}
