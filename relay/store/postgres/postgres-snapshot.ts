import type { Pool } from 'pg'
import type { Awaiting } from '../awaiting.js'
import { conversationOf, type ConversationRow } from '../conversation-repository.js'
import type { StoreSnapshot } from '../store-snapshot.js'
import { createPostgresCannedResponseRepository } from './repositories/canned-response-repository.js'
import { createPostgresTagRepository } from './repositories/tag-repository.js'
import { createPostgresUserDirectoryRepository } from './repositories/user-repository.js'

/** Rows read per step while skipping messages of conversations the snapshot leaves out. */
const SCAN_STEP = 2_000

/** A message row's fields as the desktop's JSON, keys in the order SQLite's snapshot writes them. */
const MESSAGE_FIELDS_SQL = `'id', id, 'conversationId', conversation_id, 'direction', direction,
  'body', body_json::json, 'status', status, 'createdAt', created_at, 'clientMessageId', client_message_id,
  'senderUsername', sender_username, 'isAutomatic', is_automatic = 1, 'wechatMsgId', wechat_msg_id,
  'failure', failure_json::json`
/** The message as JSON text, its media last when it has any (absent otherwise, as in `messageOf`). */
const MESSAGE_WITH_MEDIA_JSON_SQL = `(CASE WHEN media_json IS NULL THEN json_build_object(${MESSAGE_FIELDS_SQL})
  ELSE json_build_object(${MESSAGE_FIELDS_SQL}, 'media', media_json::json) END)::text`

/**
 * The state as of the log's head, read in one REPEATABLE READ transaction of its own connection: every
 * read sees the database as of the first one, while the relays go on writing.
 */
export async function openPostgresSnapshot(pool: Pool): Promise<Awaiting<StoreSnapshot>> {
  const client = await pool.connect()
  let isOpen = true
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    // The first read fixes the snapshot, and the counter is what every committed event is at or below.
    const head = await client.query<{ last_seq: number }>('SELECT last_seq FROM log_sequence WHERE id = 1')
    const seq = Number(head.rows[0]?.last_seq ?? 0)
    return {
      seq,
      async conversations() {
        const { rows } = await client.query<ConversationRow>('SELECT * FROM conversations ORDER BY id')
        return rows.map(conversationOf)
      },
      tags: () => createPostgresTagRepository(client).list(),
      cannedResponses: () => createPostgresCannedResponseRepository(client).listAll(),
      users: () => createPostgresUserDirectoryRepository(client).list(),
      async expiredBefore() {
        const { rows } = await client.query<{ payload_json: string }>(
          "SELECT payload_json FROM events WHERE type = 'messages.expired' ORDER BY seq DESC LIMIT 1",
        )
        const json = rows[0]?.payload_json
        return json === undefined ? null : (JSON.parse(json) as { before: number }).before
      },
      async messageCounts() {
        const { rows } = await client.query<{ conversation_id: string; count: string }>(
          'SELECT conversation_id, count(*) AS count FROM messages GROUP BY conversation_id',
        )
        return new Map(rows.map((row) => [row.conversation_id, Number(row.count)]))
      },
      async messages(after, limit, conversationIds) {
        const messages: string[] = []
        let position = after
        const step = conversationIds === null ? limit : SCAN_STEP
        // Bounded: each step moves past `step` rows or reaches the end of the table.
        for (;;) {
          const { rows } = await client.query<{ position: number; conversation_id: string; json: string }>(
            `SELECT position, conversation_id, ${MESSAGE_WITH_MEDIA_JSON_SQL} AS json FROM messages
             WHERE position > $1 ORDER BY position LIMIT $2`,
            [position, step],
          )
          for (const row of rows) {
            position = Number(row.position)
            if (conversationIds !== null && !conversationIds.has(row.conversation_id)) continue
            messages.push(row.json)
            if (messages.length === limit) return { messages, next: position }
          }
          if (rows.length < step) return { messages, next: null }
        }
      },
      async close() {
        if (!isOpen) return
        isOpen = false
        await client.query('COMMIT').catch(() => undefined)
        client.release()
      },
    }
  } catch (error) {
    isOpen = false
    await client.query('ROLLBACK').catch(() => undefined)
    client.release()
    throw error
  }
}
