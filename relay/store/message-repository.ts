import type { Database } from 'better-sqlite3'
import type {
  Message,
  MessageBody,
  MessageDirection,
  MessageStatus,
  SendFailure,
} from '../../common/domain/message.js'
import type { MessageMedia } from '../../common/domain/media.js'

/** What the store keeps beside the domain message. */
export interface MessageExtras {
  /** Whether this send uses the reply window's quota (outgoing customer-service messages). */
  readonly countsQuota?: boolean
  /** WeChat's job id for template messages, matched by TEMPLATESENDJOBFINISH. */
  readonly wechatJobId?: string | null
  /** Every element of the WeChat push, kept verbatim. */
  readonly raw?: Readonly<Record<string, unknown>> | null
  /** The relay that sends a pending outgoing message (the store's `relayId`). */
  readonly sendingRelay?: string | null
}

/** An outgoing message not yet sent or failed, and the relay sending it (null: one from before relays were named). */
export interface PendingDelivery {
  readonly message: Message
  readonly sendingRelay: string | null
}

/** Messages as rows; history reads newest first by arrival. */
export interface MessageRepository {
  insert(message: Message, extras?: MessageExtras): void
  get(id: string): Message | null
  findByClientMessageId(conversationId: string, clientMessageId: string): Message | null
  findByWeChatJobId(jobId: string): Message | null
  /** Rewrites status, body and failure; `countsQuota` when the quota use changes (a failed send frees it). */
  update(message: Message, extras?: Pick<MessageExtras, 'countsQuota' | 'wechatJobId' | 'sendingRelay'>): void
  /** Newest first; `before` a message id of this conversation. Null `before` in the answer: no older ones. */
  listBefore(
    conversationId: string,
    query: { readonly before?: string; readonly limit: number },
  ): { readonly messages: Message[]; readonly before: string | null } | null
  /**
   * Outgoing messages still pending, in the order they were stored; with `before` (a message id), only
   * those of its conversation stored before it (the replies it must not overtake).
   */
  listPendingDeliveries(before?: string): PendingDelivery[]
}

export interface MessageRow {
  position: number
  id: string
  conversation_id: string
  direction: string
  body_json: string
  status: string
  created_at: number
  updated_at: number
  client_message_id: string | null
  sender_username: string | null
  is_automatic: number
  counts_quota: number
  wechat_msg_id: string | null
  wechat_job_id: string | null
  failure_json: string | null
  raw_json: string | null
  sending_relay: string | null
  media_json: string | null
}

/** Prepares the message statements once on `database`. */
export function createMessageRepository(database: Database): MessageRepository {
  // Positional binds: every push inserts one message, and named binds cost a lookup per column.
  const insert = database.prepare(`
    INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at,
      client_message_id, sender_username, is_automatic, counts_quota, wechat_msg_id, wechat_job_id,
      failure_json, raw_json, sending_relay, media_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const byId = database.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?')
  const byClientId = database.prepare<[string, string], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?',
  )
  const byJobId = database.prepare<[string], MessageRow>(
    'SELECT * FROM messages WHERE wechat_job_id = ? ORDER BY position DESC LIMIT 1',
  )
  const update = database.prepare(`
    UPDATE messages SET body_json = @body_json, status = @status, failure_json = @failure_json,
      media_json = @media_json, updated_at = @updated_at, counts_quota = coalesce(@counts_quota, counts_quota),
      wechat_job_id = coalesce(@wechat_job_id, wechat_job_id),
      sending_relay = coalesce(@sending_relay, sending_relay)
    WHERE id = @id`)
  const positionOf = database.prepare<[string, string], { position: number }>(
    'SELECT position FROM messages WHERE id = ? AND conversation_id = ?',
  )
  const newest = database.prepare<[string, number], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? ORDER BY position DESC LIMIT ?',
  )
  const older = database.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND position < ? ORDER BY position DESC LIMIT ?',
  )
  const pending = database.prepare<[], MessageRow>(
    `SELECT * FROM messages WHERE status = 'pending' AND direction = 'outgoing' ORDER BY position`,
  )
  const pendingBefore = database.prepare<[string], MessageRow>(PENDING_BEFORE_SQL.replace('$1', '?'))
  return {
    insert(message, extras = {}) {
      insert.run(
        message.id,
        message.conversationId,
        message.direction,
        JSON.stringify(message.body),
        message.status,
        message.createdAt,
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
      )
    },
    get(id) {
      return messageOrNull(byId.get(id))
    },
    findByClientMessageId(conversationId, clientMessageId) {
      return messageOrNull(byClientId.get(conversationId, clientMessageId))
    },
    findByWeChatJobId(jobId) {
      return messageOrNull(byJobId.get(jobId))
    },
    update(message, extras = {}) {
      update.run({
        id: message.id,
        body_json: JSON.stringify(message.body),
        status: message.status,
        failure_json: message.failure === null ? null : JSON.stringify(message.failure),
        media_json: mediaJsonOf(message),
        updated_at: Date.now(),
        counts_quota: extras.countsQuota === undefined ? null : extras.countsQuota ? 1 : 0,
        wechat_job_id: extras.wechatJobId ?? null,
        sending_relay: extras.sendingRelay ?? null,
      })
    },
    listBefore(conversationId, query) {
      let rows: MessageRow[]
      if (query.before === undefined) {
        rows = newest.all(conversationId, query.limit + 1)
      } else {
        const anchor = positionOf.get(query.before, conversationId)
        if (anchor === undefined) return null
        rows = older.all(conversationId, anchor.position, query.limit + 1)
      }
      const page = rows.slice(0, query.limit).map(messageOf)
      const last = page.at(-1)
      return { messages: page, before: rows.length > query.limit && last !== undefined ? last.id : null }
    },
    listPendingDeliveries(before) {
      return (before === undefined ? pending.all() : pendingBefore.all(before)).map(pendingDeliveryOf)
    },
  }
}

/** Both engines' query for `listPendingDeliveries(before)`, with its one parameter as `$1`. */
export const PENDING_BEFORE_SQL = `SELECT earlier.* FROM messages AS earlier
  JOIN messages AS later ON later.id = $1 AND earlier.conversation_id = later.conversation_id
  WHERE earlier.status = 'pending' AND earlier.direction = 'outgoing' AND earlier.position < later.position
  ORDER BY earlier.position`

export function pendingDeliveryOf(row: MessageRow): PendingDelivery {
  return { message: messageOf(row), sendingRelay: row.sending_relay }
}

function messageOrNull(row: MessageRow | undefined): Message | null {
  return row === undefined ? null : messageOf(row)
}

/**
 * The domain message of a messages row as JSON text, built by SQLite: for readers that pass messages on
 * unread (a snapshot), sparing a parse and a serialization per message. Builds exactly what `messageOf`
 * builds; a test holds the two equal.
 */
export const MESSAGE_JSON_SQL = `json_object('id', id, 'conversationId', conversation_id, 'direction', direction,
  'body', json(body_json), 'status', status, 'createdAt', created_at, 'clientMessageId', client_message_id,
  'senderUsername', sender_username, 'isAutomatic', json(iif(is_automatic = 1, 'true', 'false')),
  'wechatMsgId', wechat_msg_id, 'failure', json(failure_json))`
/** As MESSAGE_JSON_SQL, with the message's media when it has any (the key is absent otherwise, as in `messageOf`). */
export const MESSAGE_WITH_MEDIA_JSON_SQL = `iif(media_json IS NULL, ${MESSAGE_JSON_SQL},
  json_set(${MESSAGE_JSON_SQL}, '$.media', json(media_json)))`

/** The `media_json` column of a message: null for one without media. */
export function mediaJsonOf(message: Message): string | null {
  return message.media === undefined ? null : JSON.stringify(message.media)
}

export function messageOf(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as MessageDirection,
    body: JSON.parse(row.body_json) as MessageBody,
    status: row.status as MessageStatus,
    createdAt: row.created_at,
    clientMessageId: row.client_message_id,
    senderUsername: row.sender_username,
    isAutomatic: row.is_automatic === 1,
    wechatMsgId: row.wechat_msg_id,
    failure: row.failure_json === null ? null : (JSON.parse(row.failure_json) as SendFailure),
    ...(row.media_json === null ? {} : { media: JSON.parse(row.media_json) as MessageMedia }),
  }
}
