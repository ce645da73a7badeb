import type { Conversation } from '../../common/domain/conversation.js'
import {
  conversationCursorOf,
  type ConversationQuery,
  type ConversationRepository,
} from '../store/conversation-repository.js'
import type { Awaiting } from '../store/awaiting.js'

/** Rows read per step while looking for conversations the caller may see. */
const SCAN_BATCH = 200

/**
 * A page of the conversations a caller may see, and the cursor after it. The cursor is made from the last
 * conversation *shown*, never from the last row read: a row the caller may not see would otherwise hand
 * them its openid inside `next`. Pages are full even when most rows are someone else's, so a caller never
 * pages through empty pages.
 */
export async function visibleConversationPage(
  conversations: Pick<Awaiting<ConversationRepository>, 'list'>,
  query: ConversationQuery,
  isVisible: (conversation: Conversation) => boolean,
): Promise<{ readonly conversations: Conversation[]; readonly next: string | null }> {
  const shown: Conversation[] = []
  let after = query.after
  for (;;) {
    const batch = await conversations.list({ ...query, after, limit: Math.max(query.limit, SCAN_BATCH) })
    for (const [index, conversation] of batch.conversations.entries()) {
      if (!isVisible(conversation)) continue
      shown.push(conversation)
      if (shown.length < query.limit) continue
      const hasMore = index < batch.conversations.length - 1 || batch.next !== null
      return { conversations: shown, next: hasMore ? conversationCursorOf(conversation) : null }
    }
    if (batch.next === null) return { conversations: shown, next: null }
    after = batch.next
  }
}
