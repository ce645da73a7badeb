import type { Awaiting } from '../../awaiting.js'
import {
  CONVERSATION_COLUMNS,
  conversationCursorOf,
  conversationOf,
  conversationRowOf,
  decodeCursor,
  type ConversationRepository,
  type ConversationRow,
} from '../../conversation-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

const SELECT = `SELECT ${CONVERSATION_COLUMNS.join(', ')} FROM conversations`
const UPSERT = `INSERT INTO conversations (${CONVERSATION_COLUMNS.join(', ')})
  VALUES (${CONVERSATION_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${CONVERSATION_COLUMNS.slice(1)
    .map((column) => `${column} = excluded.${column}`)
    .join(', ')}`

/**
 * Conversations on PostgreSQL. Inside a transaction (`isLocking`) a read takes the row's lock until the
 * commit: a command reads a version, checks it and writes the next, and a writer on another relay must
 * wait for that, not read the same version, or two claims would both win.
 */
export function createPostgresConversationRepository(
  db: Queryable,
  isLocking: boolean,
): Awaiting<ConversationRepository> {
  const byId = `${SELECT} WHERE id = $1${isLocking ? ' FOR UPDATE' : ''}`
  return {
    async get(id) {
      const row = await rowOf<ConversationRow>(db, byId, [id])
      return row === undefined ? null : conversationOf(row)
    },
    async save(conversation) {
      const row = conversationRowOf(conversation)
      await db.query(
        UPSERT,
        CONVERSATION_COLUMNS.map((column) => row[column]),
      )
    },
    async list(query) {
      const where: string[] = []
      const values: unknown[] = []
      const bind = (value: unknown) => `$${values.push(value)}`
      if (query.status !== undefined) where.push(`status = ${bind(query.status)}`)
      if (query.assignee !== undefined) where.push(`assignee = ${bind(query.assignee)}`)
      if (query.after !== undefined) {
        const position = decodeCursor(query.after)
        const at = bind(position.updatedAt)
        where.push(`(updated_at < ${at} OR (updated_at = ${at} AND id COLLATE "C" < ${bind(position.id)}))`)
      }
      const sql = `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY updated_at DESC, id COLLATE "C" DESC LIMIT ${bind(query.limit + 1)}`
      const rows = await rowsOf<ConversationRow>(db, sql, values)
      const page = rows.slice(0, query.limit).map(conversationOf)
      const last = page.at(-1)
      const next = rows.length > query.limit && last !== undefined ? conversationCursorOf(last) : null
      return { conversations: page, next }
    },
  }
}
