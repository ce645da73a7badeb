import type { Database } from 'better-sqlite3'
import type {
  Conversation,
  FollowState,
  MessagePreview,
  TicketStatus,
} from '../../common/domain/conversation.js'
import { conversationKeyOf } from '../../common/domain/account.js'
import type { WindowHistory } from '../../common/domain/reply-window.js'

/** Filters and page position of a conversation listing. */
export interface ConversationQuery {
  readonly limit: number
  readonly after?: string
  readonly status?: TicketStatus
  readonly assignee?: string
}

/** Conversations as rows: read, write whole, list most recently changed first. */
export interface ConversationRepository {
  get(id: string): Conversation | null
  /** Inserts or replaces the whole conversation (the caller bumped its version). */
  save(conversation: Conversation): void
  list(query: ConversationQuery): { readonly conversations: Conversation[]; readonly next: string | null }
}

/** A conversations row as SQLite returns it. */
export interface ConversationRow {
  id: string
  remark: string | null
  follow_state: string
  source_scene: string | null
  has_seen_follow: number
  first_seen_at: number
  last_message_json: string | null
  last_incoming_at: number | null
  unread_count: number
  window_history_json: string
  assignee: string | null
  status: string
  ticket_number: number
  tag_ids_json: string
  notes: string
  version: number
  updated_at: number
  union_id: string | null
  snooze_json: string | null
  awaiting_reply_since: number | null
  ticket_replied_at: number | null
  rating_json: string | null
  rating_question_json: string | null
}

/** The row's columns, `id` first. */
export const CONVERSATION_COLUMNS = [
  'id',
  'remark',
  'follow_state',
  'source_scene',
  'has_seen_follow',
  'first_seen_at',
  'last_message_json',
  'last_incoming_at',
  'unread_count',
  'window_history_json',
  'assignee',
  'status',
  'ticket_number',
  'tag_ids_json',
  'notes',
  'version',
  'updated_at',
  'union_id',
  'snooze_json',
  'awaiting_reply_since',
  'ticket_replied_at',
  'rating_json',
  'rating_question_json',
] as const satisfies readonly (keyof ConversationRow)[]

/** Prepares the conversation statements once on `database`. */
export function createConversationRepository(database: Database): ConversationRepository {
  // Every push reads and writes its conversation: positional binds and array rows cost a third less than
  // named binds and row objects, and an UPDATE that finds its row skips the upsert's conflict probe.
  const select = database
    .prepare<[string], unknown[]>(`SELECT ${CONVERSATION_COLUMNS.join(', ')} FROM conversations WHERE id = ?`)
    .raw(true)
  const update = database.prepare<unknown[]>(
    `UPDATE conversations SET ${CONVERSATION_COLUMNS.slice(1)
      .map((column) => `${column} = ?`)
      .join(', ')} WHERE id = ?`,
  )
  const insert = database.prepare<unknown[]>(
    `INSERT INTO conversations (${CONVERSATION_COLUMNS.join(', ')}) VALUES (${CONVERSATION_COLUMNS.map(() => '?').join(', ')})`,
  )
  return {
    get(id) {
      const values = select.get(id)
      return values === undefined ? null : conversationOf(rowOfValues(values))
    },
    save(conversation) {
      const row = conversationRowOf(conversation)
      const values = CONVERSATION_COLUMNS.map((column) => row[column])
      if (update.run(...values.slice(1), row.id).changes === 0) insert.run(...values)
    },
    list(query) {
      const where: string[] = []
      const parameters: Record<string, string | number> = { limit: query.limit + 1 }
      if (query.status !== undefined) {
        where.push('status = @status')
        parameters['status'] = query.status
      }
      if (query.assignee !== undefined) {
        where.push('assignee = @assignee')
        parameters['assignee'] = query.assignee
      }
      if (query.after !== undefined) {
        const position = decodeCursor(query.after)
        where.push('(updated_at < @afterAt OR (updated_at = @afterAt AND id < @afterId))')
        parameters['afterAt'] = position.updatedAt
        parameters['afterId'] = position.id
      }
      const sql = `SELECT * FROM conversations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY updated_at DESC, id DESC LIMIT @limit`
      const rows = database.prepare<[Record<string, string | number>], ConversationRow>(sql).all(parameters)
      const page = rows.slice(0, query.limit).map(conversationOf)
      const last = page.at(-1)
      const next = rows.length > query.limit && last !== undefined ? conversationCursorOf(last) : null
      return { conversations: page, next }
    },
  }
}

/** A listing cursor that does not parse. */
export class InvalidCursorError extends Error {}

/** The listing cursor that continues after `conversation` (the list's `after`). */
export function conversationCursorOf(conversation: Conversation): string {
  return Buffer.from(JSON.stringify([conversation.updatedAt, conversation.id])).toString('base64url')
}

export function decodeCursor(cursor: string): { updatedAt: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { updatedAt: value[0], id: value[1] }
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, any damage means "not ours".
  }
  throw new InvalidCursorError('The `after` cursor is not one this relay gave out.')
}

function rowOfValues(values: readonly unknown[]): ConversationRow {
  const row: Record<string, unknown> = {}
  CONVERSATION_COLUMNS.forEach((column, index) => (row[column] = values[index]))
  return row as unknown as ConversationRow
}

/** A conversations row as the domain conversation (the snapshot reader maps with it too). */
export function conversationOf(row: ConversationRow): Conversation {
  return {
    id: row.id,
    // The id is made from the pair, so the row keeps no column of them to drift from it.
    ...conversationKeyOf(row.id),
    remark: row.remark,
    followState: row.follow_state as FollowState,
    sourceScene: row.source_scene,
    hasSeenFollow: row.has_seen_follow === 1,
    firstSeenAt: row.first_seen_at,
    lastMessage:
      row.last_message_json === null ? null : (JSON.parse(row.last_message_json) as MessagePreview),
    lastIncomingAt: row.last_incoming_at,
    // The column keeps its first name: the count is the team's unanswered messages, not anyone's unread ones.
    unansweredCount: row.unread_count,
    windowHistory: JSON.parse(row.window_history_json) as WindowHistory,
    assignee: row.assignee,
    status: row.status as TicketStatus,
    ticketNumber: row.ticket_number,
    tagIds: JSON.parse(row.tag_ids_json) as string[],
    notes: row.notes,
    version: row.version,
    updatedAt: row.updated_at,
    unionId: row.union_id,
    snooze: row.snooze_json === null ? null : (JSON.parse(row.snooze_json) as Conversation['snooze']),
    awaitingReplySince: row.awaiting_reply_since === null ? null : Number(row.awaiting_reply_since),
    ticketRepliedAt: row.ticket_replied_at === null ? null : Number(row.ticket_replied_at),
    rating: row.rating_json === null ? null : (JSON.parse(row.rating_json) as Conversation['rating']),
    ratingQuestion:
      row.rating_question_json === null
        ? null
        : (JSON.parse(row.rating_question_json) as Conversation['ratingQuestion']),
  }
}

export function conversationRowOf(conversation: Conversation): ConversationRow {
  return {
    id: conversation.id,
    remark: conversation.remark,
    follow_state: conversation.followState,
    source_scene: conversation.sourceScene,
    has_seen_follow: conversation.hasSeenFollow ? 1 : 0,
    first_seen_at: conversation.firstSeenAt,
    last_message_json: conversation.lastMessage === null ? null : JSON.stringify(conversation.lastMessage),
    last_incoming_at: conversation.lastIncomingAt,
    unread_count: conversation.unansweredCount,
    window_history_json: JSON.stringify(conversation.windowHistory),
    assignee: conversation.assignee,
    status: conversation.status,
    ticket_number: conversation.ticketNumber,
    tag_ids_json: JSON.stringify(conversation.tagIds),
    notes: conversation.notes,
    version: conversation.version,
    updated_at: conversation.updatedAt,
    union_id: conversation.unionId,
    snooze_json: conversation.snooze === null ? null : JSON.stringify(conversation.snooze),
    awaiting_reply_since: conversation.awaitingReplySince,
    ticket_replied_at: conversation.ticketRepliedAt,
    rating_json: conversation.rating === null ? null : JSON.stringify(conversation.rating),
    rating_question_json:
      conversation.ratingQuestion === null ? null : JSON.stringify(conversation.ratingQuestion),
  }
}
