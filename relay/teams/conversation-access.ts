import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { ConversationAccess } from '../auth/permissions.js'
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
