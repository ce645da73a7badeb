import { isWithinAccounts } from '../../common/domain/account.js'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import { can, type ConversationAccess } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { StoreAccess } from '../store/relay-store.js'

/**
 * What team sharing and account scopes need to know: a user's team, whether a team shares its
 * conversations, and the accounts it answers for (empty: every account).
 */
export interface TeamDirectory {
  readonly teamOf: (username: string) => string | null
  readonly isSharing: (teamId: string) => boolean
  readonly accountsOf: (teamId: string) => readonly string[]
}

/** The part of a conversation the rules look at. */
type AccessedConversation = Pick<Conversation, 'assignee' | 'accountKey'>

/**
 * The rules: a conversation held by a teammate, in a team that shares its conversations; and one of an
 * account outside the user's team's accounts, which is nobody's business in that team.
 */
export function conversationAccessIn(
  directory: TeamDirectory,
  user: User,
  conversation: AccessedConversation,
): ConversationAccess {
  if (user.teamId === null) return { isTeamShared: false }
  if (!isWithinAccounts(directory.accountsOf(user.teamId), conversation.accountKey)) {
    return { isTeamShared: false, isOutsideAccounts: true }
  }
  if (conversation.assignee === null || conversation.assignee === user.username)
    return { isTeamShared: false }
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
  const accounts = new Map(teams.map((team) => [team.id, team.accountKeys]))
  return {
    teamOf: (username) => teamOf.get(username) ?? null,
    isSharing: (teamId) => sharing.has(teamId),
    accountsOf: (teamId) => accounts.get(teamId) ?? [],
  }
}

/** Whether `conversation` is a teammate's in a team that shares conversations, for the permission rules. */
export async function conversationAccessOf(
  store: StoreAccess,
  user: User,
  conversation: AccessedConversation,
): Promise<ConversationAccess> {
  // Only the rows the rules may need, read only when they need them.
  if (user.teamId === null) return { isTeamShared: false }
  const isTeammateHeld = conversation.assignee !== null && conversation.assignee !== user.username
  const [team, assignee] = await Promise.all([
    store.teams.get(user.teamId),
    isTeammateHeld ? store.users.get(conversation.assignee!) : null,
  ])
  const directory: TeamDirectory = {
    teamOf: () => assignee?.user.teamId ?? null,
    isSharing: () => team?.isSharingConversations === true,
    accountsOf: () => team?.accountKeys ?? [],
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
