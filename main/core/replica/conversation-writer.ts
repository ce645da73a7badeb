import type { Conversation } from '../../../common/domain/conversation.js'
import type { ConversationHead, ReplicaStatements } from './replica-statements.js'

/** A page's net effect on one conversation: the newest snapshot and what happened to this agent's unread. */
export interface ConversationChange {
  conversation: Conversation
  /** This agent replied in the page: the unread count restarts from `unreadIncrement`. */
  isCleared: boolean
  unreadIncrement: number
}

/** Notes a conversation snapshot of the page: the newest version wins, a later one on a tie. */
export function noteConversation(
  changes: Map<string, ConversationChange>,
  conversation: Conversation,
): ConversationChange {
  const change = changes.get(conversation.id)
  if (change === undefined) {
    const created = { conversation, isCleared: false, unreadIncrement: 0 }
    changes.set(conversation.id, created)
    return created
  }
  if (conversation.version >= change.conversation.version) change.conversation = conversation
  return change
}

/** Writes a page's changed conversations, each once; answers the function that writes them. */
export function createConversationWriter(statements: ReplicaStatements) {
  /**
   * Writes each changed conversation once: its newest snapshot unless the replica holds a newer
   * version, with the unread effect of the whole page. Answers the ids new to the replica.
   */
  function putConversations(changes: ReadonlyMap<string, ConversationChange>): Set<string> {
    const heads = new Map<string, ConversationHead>()
    for (const head of statements.conversationHeads.all(JSON.stringify([...changes.keys()])))
      heads.set(head.id, head)
    const newIds = new Set<string>()
    for (const [id, change] of changes) {
      const { conversation, isCleared, unreadIncrement } = change
      const head = heads.get(id)
      const cleared = isCleared ? 1 : 0
      if (head === undefined) newIds.add(id)
      if (head !== undefined && head.version > conversation.version) {
        if (isCleared || unreadIncrement !== 0)
          statements.updateUnread.run(cleared, unreadIncrement, unreadIncrement, cleared, id)
        continue
      }
      const tagIds = JSON.stringify(conversation.tagIds)
      statements.upsertConversation.run(
        id,
        conversation.version,
        conversation.assignee,
        conversation.status,
        conversation.lastMessage?.createdAt ?? conversation.updatedAt,
        conversation.lastMessage?.direction ?? null,
        tagIds,
        JSON.stringify(conversation),
        unreadIncrement,
        cleared,
        cleared,
      )
      if (head?.tag_ids !== tagIds) {
        if (head !== undefined) statements.deleteConversationTags.run(id)
        for (const tagId of conversation.tagIds) statements.insertConversationTag.run(tagId, id)
      }
    }
    return newIds
  }

  return putConversations
}

/** Writes changed conversations once each; answers the ids new to the replica. */
export type PutConversations = ReturnType<typeof createConversationWriter>
