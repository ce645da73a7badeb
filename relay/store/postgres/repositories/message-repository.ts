import type { Awaiting } from '../../awaiting.js'
import {
  mediaJsonOf,
  messageOf,
  PENDING_BEFORE_SQL,
  pendingDeliveryOf,
  type MessageRepository,
  type MessageRow,
} from '../../message-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

export function createPostgresMessageRepository(db: Queryable): Awaiting<MessageRepository> {
  async function one(sql: string, values: readonly unknown[]) {
    const row = await rowOf<MessageRow>(db, sql, values)
    return row === undefined ? null : messageOf(row)
  }
  return {
    async insert(message, extras = {}) {
      await db.query(
        `INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at,
           client_message_id, sender_username, is_automatic, counts_quota, wechat_msg_id, wechat_job_id,
           failure_json, raw_json, sending_relay, media_json)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          message.id,
          message.conversationId,
          message.direction,
          JSON.stringify(message.body),
          message.status,
          message.createdAt,
          message.clientMessageId,
          message.senderUsername,
          message.isAutomatic ? 1 : 0,
          extras.countsQuota === true ? 1 : 0,
          message.wechatMsgId,
          extras.wechatJobId ?? null,
          message.failure === null ? null : JSON.stringify(message.failure),
          extras.raw === undefined || extras.raw === null ? null : JSON.stringify(extras.raw),
          extras.sendingRelay ?? null,
          mediaJsonOf(message),
        ],
      )
    },
    get: (id) => one('SELECT * FROM messages WHERE id = $1', [id]),
    findByClientMessageId: (conversationId, clientMessageId) =>
      one('SELECT * FROM messages WHERE conversation_id = $1 AND client_message_id = $2', [
        conversationId,
        clientMessageId,
      ]),
    findByWeChatJobId: (jobId) =>
      one('SELECT * FROM messages WHERE wechat_job_id = $1 ORDER BY position DESC LIMIT 1', [jobId]),
    async update(message, extras = {}) {
      await db.query(
        `UPDATE messages SET body_json = $2, status = $3, failure_json = $4, updated_at = $5,
           counts_quota = coalesce($6, counts_quota), wechat_job_id = coalesce($7, wechat_job_id),
           sending_relay = coalesce($8, sending_relay), media_json = $9
         WHERE id = $1`,
        [
          message.id,
          JSON.stringify(message.body),
          message.status,
          message.failure === null ? null : JSON.stringify(message.failure),
          Date.now(),
          extras.countsQuota === undefined ? null : extras.countsQuota ? 1 : 0,
          extras.wechatJobId ?? null,
          extras.sendingRelay ?? null,
          mediaJsonOf(message),
        ],
      )
    },
    async listBefore(conversationId, query) {
      let rows: MessageRow[]
      if (query.before === undefined) {
        rows = await rowsOf<MessageRow>(
          db,
          'SELECT * FROM messages WHERE conversation_id = $1 ORDER BY position DESC LIMIT $2',
          [conversationId, query.limit + 1],
        )
      } else {
        const anchor = await rowOf<{ position: number }>(
          db,
          'SELECT position FROM messages WHERE id = $1 AND conversation_id = $2',
          [query.before, conversationId],
        )
        if (anchor === undefined) return null
        rows = await rowsOf<MessageRow>(
          db,
          'SELECT * FROM messages WHERE conversation_id = $1 AND position < $2 ORDER BY position DESC LIMIT $3',
          [conversationId, anchor.position, query.limit + 1],
        )
      }
      const page = rows.slice(0, query.limit).map(messageOf)
      const last = page.at(-1)
      return { messages: page, before: rows.length > query.limit && last !== undefined ? last.id : null }
    },
    listPendingDeliveries: async (before) =>
      (
        await rowsOf<MessageRow>(
          db,
          before === undefined
            ? `SELECT * FROM messages WHERE status = 'pending' AND direction = 'outgoing' ORDER BY position`
            : PENDING_BEFORE_SQL,
          before === undefined ? [] : [before],
        )
      ).map(pendingDeliveryOf),
  }
}
