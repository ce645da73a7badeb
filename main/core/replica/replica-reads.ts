import type { Conversation, Tag } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { CannedResponse, User } from '../../../common/domain/user.js'
import type { InboxItem } from '../../../common/ipc/channels.js'
import { withConversationKey, withCurrentConversationNames } from '../../../common/relay/entity-schemas.js'
import type { ConversationRow, ReplicaStatements } from './replica-statements.js'

/**
 * A stored conversation snapshot. Replicas written before the relay kept `hasSeenFollow` hold snapshots
 * without it; they read as "origin unknown" until the relay next sends the conversation. Those written
 * before `unansweredCount` call it `unreadCount`; those before accounts hold neither account nor openid
 * (nor a unionid).
 */
function conversationOfJson(json: string): Conversation {
  const stored = withConversationKey(withCurrentConversationNames(JSON.parse(json))) as Omit<
    Conversation,
    'hasSeenFollow' | 'unionId'
  >
  return { hasSeenFollow: false, unionId: null, ...stored }
}

function inboxItemOf(row: ConversationRow): InboxItem {
  return {
    conversation: conversationOfJson(row.json),
    unreadCount: Math.max(row.unread_count, row.is_marked_unread === 1 ? 1 : 0),
    hasDraft: row.has_draft === 1,
  }
}

/** What the console reads from the replica: the inbox, conversations and their history, shared sets. */
export function createReplicaReads(statements: ReplicaStatements) {
  return {
    /** A page of the inbox, latest activity first. */
    inboxPage(limit: number, offset = 0): InboxItem[] {
      return statements.inboxPage.all(limit, offset).map(inboxItemOf)
    },
    /**
     * The inbox rows of these conversations (those the replica holds), in the order given. `known`
     * snapshots (e.g. the ones an apply just wrote) are used when the replica holds that version,
     * sparing a parse of each row.
     */
    inboxItems(
      conversationIds: Iterable<string>,
      known: ReadonlyMap<string, Conversation> = new Map(),
    ): InboxItem[] {
      const ids = [...conversationIds]
      if (ids.length === 0) return []
      return statements.inboxStates.all(JSON.stringify(ids)).map((row) => {
        const snapshot = known.get(row.id)
        return {
          conversation:
            snapshot !== undefined && snapshot.version === row.version
              ? snapshot
              : conversationOfJson(statements.conversationJson.get(row.id)!),
          unreadCount: Math.max(row.unread_count, row.is_marked_unread === 1 ? 1 : 0),
          hasDraft: row.has_draft === 1,
        }
      })
    },
    /** One conversation, or null. */
    conversation(conversationId: string): Conversation | null {
      const json = statements.conversationJson.get(conversationId)
      return json === undefined ? null : conversationOfJson(json)
    },
    /** Up to `limit` messages before the message `before` (or the latest), oldest first. */
    messages(conversationId: string, before: string | undefined, limit: number): Message[] {
      let rows: string[]
      if (before === undefined) rows = statements.latestMessages.all(conversationId, limit)
      else {
        const position = statements.messagePosition.get(before)
        if (position === undefined || position.conversation_id !== conversationId) return []
        rows = statements.messagesBefore.all(
          conversationId,
          position.created_at,
          position.created_at,
          position.rowid,
          limit,
        )
      }
      return rows.reverse().map((json) => JSON.parse(json) as Message)
    },
    /** One message by id, or null. */
    message(messageId: string): Message | null {
      const json = statements.messageJson.get(messageId)
      return json === undefined ? null : (JSON.parse(json) as Message)
    },
    /** The message with this client id, the relay's copy before the local one. */
    messageByClientId(clientMessageId: string): Message | null {
      const json = statements.messageByClientId.get(clientMessageId)
      return json === undefined ? null : (JSON.parse(json) as Message)
    },
    tags(): Tag[] {
      // Tags and canned replies kept before accounts are for every account.
      return statements.tags
        .all()
        .map((json) => ({ accountKeys: [], ...(JSON.parse(json) as Omit<Tag, 'accountKeys'>) }))
    },
    cannedResponses(): CannedResponse[] {
      // Replies stored before pictures existed have no `image`: they are text replies.
      return statements.cannedResponses.all().map((json) => ({
        image: null,
        accountKeys: [],
        ...(JSON.parse(json) as Omit<CannedResponse, 'image' | 'accountKeys'>),
      }))
    },
    users(): User[] {
      return statements.users.all().map((json) => JSON.parse(json) as User)
    },
    /** Conversations assigned to `username`, not resolved, whose latest line is the follower's. */
    needingReplyCount(username: string): number {
      return statements.needingReply.get(username) ?? 0
    },
    /** Counts, for tests and diagnostics. */
    counts(): { readonly conversations: number; readonly messages: number } {
      return {
        conversations: statements.conversationCount.get() ?? 0,
        messages: statements.messageCount.get() ?? 0,
      }
    },
  }
}
