import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import { can, type ConversationAccess } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

/** Whether `conversation` is a teammate's in a team that shares conversations, for the permission rules. */
export function conversationAccessOf(
  store: RelayStore,
  user: User,
  conversation: Pick<Conversation, 'assignee'>,
): ConversationAccess {
  if (user.teamId === null || conversation.assignee === null || conversation.assignee === user.username) {
    return { isTeamShared: false }
  }
  const team = store.teams.get(user.teamId)
  if (team === null || !team.isSharingConversations) return { isTeamShared: false }
  return { isTeamShared: store.users.get(conversation.assignee)?.user.teamId === user.teamId }
}

/** The conversation `conversationId` if the user may see it; `not_found` or `forbidden` otherwise. */
export function visibleConversationOf(store: RelayStore, user: User, conversationId: string): Conversation {
  const conversation = store.conversations.get(conversationId)
  if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
  if (!can(user, 'conversation:view', conversation, conversationAccessOf(store, user, conversation)))
    throw new RelayError('forbidden', 'Not your conversation.')
  return conversation
}
