import { anonymousIdOf } from '../../follower-data-repository.js'
import type { Awaiting } from '../../awaiting.js'
import type { FollowerDataRepository } from '../../follower-data-repository.js'
import { changesOf, rowOf, type Queryable } from '../queryable.js'

/**
 * PostgreSQL's rows have no rowid to batch conversations by: previews are cleared in one statement over
 * the index-free range (0, 1], which is what `ends()` reports as the conversations' end.
 */
const CONVERSATIONS_END = 1

export function createPostgresFollowerDataRepository(db: Queryable): Awaiting<FollowerDataRepository> {
  return {
    async hasPendingSend(conversationId) {
      const row = await rowOf<{ pending: number }>(
        db,
        "SELECT count(*) AS pending FROM messages WHERE conversation_id = $1 AND status = 'pending'",
        [conversationId],
      )
      return (row?.pending ?? 0) > 0
    },
    async erase(conversationId) {
      const messages = await changesOf(db, 'DELETE FROM messages WHERE conversation_id = $1', [
        conversationId,
      ])
      await db.query('DELETE FROM conversation_changes WHERE conversation_id = $1', [conversationId])
      await db.query('UPDATE ticket_facts SET conversation_id = $1 WHERE conversation_id = $2', [
        anonymousIdOf(),
        conversationId,
      ])
      // A key range on the primary key: `e:<openid>:` up to the next character after ':' (';').
      await db.query(
        'DELETE FROM inbound_pushes WHERE dedupe_key COLLATE "C" >= $1 AND dedupe_key COLLATE "C" < $2',
        [`e:${conversationId}:`, `e:${conversationId};`],
      )
      const conversations = await changesOf(db, 'DELETE FROM conversations WHERE id = $1', [conversationId])
      return { messages, conversations }
    },
    deleteEventsOf: (conversationId, from, to) =>
      changesOf(
        db,
        `DELETE FROM events WHERE seq > $1 AND seq <= $2
           AND (payload_json::jsonb #>> '{conversation,id}' = $3 OR payload_json::jsonb ->> 'conversationId' = $3)
           AND type <> 'conversation.erased'`,
        [from, to, conversationId],
      ),
    async expireEvents(before, from, to) {
      const messages = await changesOf(
        db,
        `UPDATE events SET type = 'conversation.updated',
           payload_json = (jsonb_set(payload_json::jsonb, '{type}', '"conversation.updated"') - 'message')::text
         WHERE seq > $1 AND seq <= $2 AND type IN ('message.created', 'message.updated')
           AND (payload_json::jsonb #>> '{message,createdAt}')::bigint < $3`,
        [from, to, before],
      )
      const previews = await changesOf(
        db,
        `UPDATE events SET payload_json = jsonb_set(payload_json::jsonb, '{conversation,lastMessage}', 'null')::text
         WHERE seq > $1 AND seq <= $2
           AND (payload_json::jsonb #>> '{conversation,lastMessage,createdAt}')::bigint < $3`,
        [from, to, before],
      )
      return messages + previews
    },
    expireMessages: (before, from, to) =>
      changesOf(
        db,
        "DELETE FROM messages WHERE position > $1 AND position <= $2 AND created_at < $3 AND status <> 'pending'",
        [from, to, before],
      ),
    async expirePreviews(before, from, to) {
      if (!(from < CONVERSATIONS_END && CONVERSATIONS_END <= to)) return 0
      return changesOf(
        db,
        `UPDATE conversations SET last_message_json = NULL
         WHERE (last_message_json::jsonb ->> 'createdAt')::bigint < $1`,
        [before],
      )
    },
    async ends() {
      const row = await rowOf<{ seq: number; position: number }>(
        db,
        `SELECT (SELECT last_seq FROM log_sequence WHERE id = 1) AS seq,
           (SELECT coalesce(max(position), 0) FROM messages) AS position`,
      )
      return { seq: row?.seq ?? 0, position: row?.position ?? 0, conversation: CONVERSATIONS_END }
    },
  }
}
