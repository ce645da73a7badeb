import type { Conversation } from '../../common/domain/conversation.js'
import type { Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import { can, type ConversationAccess } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { StoreAccess } from '../store/relay-store.js'

/** What team sharing needs to know: a user's team, and whether a team shares its conversations. */
export interface TeamDirectory {
  readonly teamOf: (username: string) => string | null
  readonly isSharing: (teamId: string) => boolean
}

/** The rule: a conversation held by a teammate, in a team that shares its conversations. */
export function conversationAccessIn(
  directory: TeamDirectory,
  user: User,
  conversation: Pick<Conversation, 'assignee'>,
): ConversationAccess {
  if (user.teamId === null || conversation.assignee === null || conversation.assignee === user.username) {
    return { isTeamShared: false }
  }
  if (!directory.isSharing(user.teamId)) return { isTeamShared: false }
  return { isTeamShared: directory.teamOf(conversation.assignee) === user.teamId }
}

/** Every user's team and every team's sharing, read at once: for checks of many users or events. */
export async function teamDirectoryOf(store: StoreAccess): Promise<TeamDirectory> {
  const [teams, users] = await Promise.all([store.teams.list(), store.userDirectory.list()])
  return directoryOf(teams, users)
}

/** The directory of `teams` and `users` as listed. */
export function directoryOf(teams: readonly Team[], users: readonly User[]): TeamDirectory {
  const teamOf = new Map(users.map((user) => [user.username, user.teamId]))
  const sharing = new Set(teams.filter((team) => team.isSharingConversations).map((team) => team.id))
  return { teamOf: (username) => teamOf.get(username) ?? null, isSharing: (teamId) => sharing.has(teamId) }
}

/** Whether `conversation` is a teammate's in a team that shares conversations, for the permission rules. */
export async function conversationAccessOf(
  store: StoreAccess,
  user: User,
  conversation: Pick<Conversation, 'assignee'>,
): Promise<ConversationAccess> {
  // Only the two rows the rule may need, read only when it needs them.
  if (user.teamId === null || conversation.assignee === null || conversation.assignee === user.username) {
    return { isTeamShared: false }
  }
  const [team, assignee] = await Promise.all([
    store.teams.get(user.teamId),
    store.users.get(conversation.assignee),
  ])
  const directory: TeamDirectory = {
    teamOf: () => assignee?.user.teamId ?? null,
    isSharing: () => team?.isSharingConversations === true,
  }
  return conversationAccessIn(directory, user, conversation)
}

/** The conversation `conversationId` if the user may see it; `not_found` or `forbidden` otherwise. */
export async function visibleConversationOf(
  store: StoreAccess,
  user: User,
  conversationId: string,
): Promise<Conversation> {
  const conversation = await store.conversations.get(conversationId)
  if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
  if (!can(user, 'conversation:view', conversation, await conversationAccessOf(store, user, conversation)))
    throw new RelayError('forbidden', 'Not your conversation.')
  return conversation
}
