import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'

/** What erasing a follower removed. */
export interface ErasedRows {
  readonly messages: number
  readonly conversations: number
}

/**
 * The rows that hold one follower's data, and the deletions the retention and the erasure make. Every
 * method runs inside the caller's transaction and touches a bounded number of rows (a batch), so the
 * callers can keep the event loop free between batches.
 */
export interface FollowerDataRepository {
  /** Whether a reply to the follower is still being delivered (its row would be written again). */
  hasPendingSend(conversationId: string): boolean
  /**
   * Deletes the follower's messages, conversation, last-change record and the dedupe rows that name
   * their openid. Event pushes are deduplicated by openid + time + event (reference §1.8); message
   * pushes by MsgId alone, which names no one, so those rows stay and a late retry is still refused.
   */
  erase(conversationId: string): ErasedRows
  /** Deletes the follower's events among `seq` in (`from`, `to`]; answers how many. */
  deleteEventsOf(conversationId: string, from: number, to: number): number
  /**
   * Among `seq` in (`from`, `to`]: message events of messages created before `before` become the
   * `conversation.updated` they also were (the message dropped), and previews of such messages go.
   */
  expireEvents(before: number, from: number, to: number): number
  /** Deletes non-pending messages created before `before` among positions in (`from`, `to`]. */
  expireMessages(before: number, from: number, to: number): number
  /** Clears conversation previews of messages created before `before` among rowids in (`from`, `to`]. */
  expirePreviews(before: number, from: number, to: number): number
  /** The highest `seq`, message position and conversation rowid, the ends of the batched scans. */
  ends(): { readonly seq: number; readonly position: number; readonly conversation: number }
}

/** Prepares the statements once on `database`. */
export function createFollowerDataRepository(database: Database): FollowerDataRepository {
  const pending = database
    .prepare<[string], number>(
      "SELECT count(*) FROM messages WHERE conversation_id = ? AND status = 'pending'",
    )
    .pluck()
  const deleteMessages = database.prepare('DELETE FROM messages WHERE conversation_id = ?')
  const deleteConversation = database.prepare('DELETE FROM conversations WHERE id = ?')
  const deleteChange = database.prepare('DELETE FROM conversation_changes WHERE conversation_id = ?')
  const anonymiseFacts = database.prepare(
    'UPDATE ticket_facts SET conversation_id = ? WHERE conversation_id = ?',
  )
  // A key range on the primary key: `e:<openid>:` up to the next character after ':' (';').
  const deleteDedupe = database.prepare('DELETE FROM inbound_pushes WHERE dedupe_key >= ? AND dedupe_key < ?')
  const deleteEvents = database.prepare(`
    DELETE FROM events WHERE seq > ? AND seq <= ?
      AND (json_extract(payload_json, '$.conversation.id') = ?
        OR json_extract(payload_json, '$.conversationId') = ?)
      AND type <> 'conversation.erased'`)
  const expireMessageEvents = database.prepare(`
    UPDATE events SET type = 'conversation.updated',
      payload_json = json_remove(json_set(payload_json, '$.type', 'conversation.updated'), '$.message')
    WHERE seq > ? AND seq <= ? AND type IN ('message.created', 'message.updated')
      AND json_extract(payload_json, '$.message.createdAt') < ?`)
  const expireEventPreviews = database.prepare(`
    UPDATE events SET payload_json = json_set(payload_json, '$.conversation.lastMessage', json('null'))
    WHERE seq > ? AND seq <= ? AND json_extract(payload_json, '$.conversation.lastMessage.createdAt') < ?`)
  const expireMessages = database.prepare(
    "DELETE FROM messages WHERE position > ? AND position <= ? AND created_at < ? AND status <> 'pending'",
  )
  const expirePreviews = database.prepare(`
    UPDATE conversations SET last_message_json = NULL
    WHERE rowid > ? AND rowid <= ? AND json_extract(last_message_json, '$.createdAt') < ?`)
  const ends = database.prepare<[], { seq: number; position: number; conversation: number }>(`
    SELECT (SELECT coalesce(max(seq), 0) FROM events) AS seq,
      (SELECT coalesce(max(position), 0) FROM messages) AS position,
      (SELECT coalesce(max(rowid), 0) FROM conversations) AS conversation`)
  return {
    hasPendingSend: (conversationId) => (pending.get(conversationId) ?? 0) > 0,
    erase(conversationId) {
      const messages = deleteMessages.run(conversationId).changes
      deleteChange.run(conversationId)
      anonymiseFacts.run(anonymousIdOf(), conversationId)
      deleteDedupe.run(`e:${conversationId}:`, `e:${conversationId};`)
      return { messages, conversations: deleteConversation.run(conversationId).changes }
    },
    deleteEventsOf: (conversationId, from, to) =>
      deleteEvents.run(from, to, conversationId, conversationId).changes,
    expireEvents(before, from, to) {
      const messages = expireMessageEvents.run(from, to, before).changes
      return messages + expireEventPreviews.run(from, to, before).changes
    },
    expireMessages: (before, from, to) => expireMessages.run(from, to, before).changes,
    expirePreviews: (before, from, to) => expirePreviews.run(from, to, before).changes,
    ends: () => ends.get()!,
  }
}

/**
 * What an erased follower's tickets are filed under in the report facts: nothing of the openid is left,
 * and the team's past figures stay as they were.
 */
export const anonymousIdOf = (): string => `erased:${randomUUID()}`
