import type { Conversation } from '../../common/domain/conversation.js'
import { conversationKeyOf } from '../../common/domain/account.js'
import { teamOfConversation } from '../../common/domain/sla.js'
import type { Team } from '../../common/domain/team.js'
import type { StoreAccess } from '../store/relay-store.js'

/**
 * The team whose settings apply to a conversation, read from the store (common/domain/sla.ts
 * `teamOfConversation` is the rule): by id, or for a conversation at hand.
 */
export async function teamOfConversationIn(
  store: StoreAccess,
  conversation: string | Pick<Conversation, 'assignee' | 'accountKey'>,
): Promise<Team | null> {
  const held = typeof conversation === 'string' ? await store.conversations.get(conversation) : conversation
  // A follower's first message: no conversation yet, so its account's team (the id names the account).
  const facts = held ?? { assignee: null, accountKey: accountKeyOfId(conversation as string) }
  const users = await store.userDirectory.list()
  return teamOfConversation(
    facts,
    (username) => users.find((user) => user.username === username)?.teamId ?? null,
    await store.teams.list(),
  )
}

function accountKeyOfId(id: string): string {
  return conversationKeyOf(id).accountKey
}
