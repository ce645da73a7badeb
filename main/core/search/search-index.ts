import type Database from 'better-sqlite3'
import type { SearchHit } from '../../../common/ipc/channels.js'
import { matchExpressionOf, snippetOf } from './cjk-text.js'

/** What the agent searches for, with the filters the search box offers. */
export interface SearchQuery {
  readonly text: string
  readonly conversationId?: string | undefined
  readonly tagId?: string | undefined
  readonly fromTime?: number | undefined
  readonly toTime?: number | undefined
  readonly limit: number
}

interface HitRow {
  id: string
  conversation_id: string
  created_at: number
  search_text: string
}

/** The SQL of a search, exported so tests can assert its plan uses the FTS index. */
export const SEARCH_SQL = `
  SELECT m.id, m.conversation_id, m.created_at, m.search_text
  FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
  WHERE messages_fts MATCH @match
    AND (@conversationId IS NULL OR m.conversation_id = @conversationId)
    AND (@fromTime IS NULL OR m.created_at >= @fromTime)
    AND (@toTime IS NULL OR m.created_at <= @toTime)
    AND (@tagId IS NULL OR EXISTS (
      SELECT 1 FROM conversation_tags t WHERE t.tag_id = @tagId AND t.conversation_id = m.conversation_id))
  ORDER BY messages_fts.rowid DESC
  LIMIT @limit`

/**
 * A search inside one conversation: walk that conversation's messages by index, newest first, and
 * probe the FTS index by rowid for each. Streaming every match of a common word and filtering by
 * conversation would read most of the index.
 */
export const CONVERSATION_SEARCH_SQL = `
  SELECT m.id, m.conversation_id, m.created_at, m.search_text
  FROM messages m CROSS JOIN messages_fts ON messages_fts.rowid = m.rowid
  WHERE m.conversation_id = @conversationId
    AND messages_fts MATCH @match
    AND (@fromTime IS NULL OR m.created_at >= @fromTime)
    AND (@toTime IS NULL OR m.created_at <= @toTime)
    AND (@tagId IS NULL OR EXISTS (
      SELECT 1 FROM conversation_tags t WHERE t.tag_id = @tagId AND t.conversation_id = m.conversation_id))
  ORDER BY m.created_at DESC, m.rowid DESC
  LIMIT @limit`

/**
 * Full-text search over the replica's messages, newest first, Chinese and English alike (see
 * cjk-text). Every query goes through the FTS5 index: no LIKE scan over the messages.
 */
export function createSearchIndex(database: Database.Database) {
  const search = database.prepare<[Record<string, unknown>], HitRow>(SEARCH_SQL)
  const searchInConversation = database.prepare<[Record<string, unknown>], HitRow>(CONVERSATION_SEARCH_SQL)
  return {
    /** The hits of a query, with snippets as plain parts. */
    search(query: SearchQuery): SearchHit[] {
      const match = matchExpressionOf(query.text)
      if (match === null) return []
      const statement = query.conversationId === undefined ? search : searchInConversation
      const rows = statement.all({
        match,
        conversationId: query.conversationId ?? null,
        tagId: query.tagId ?? null,
        fromTime: query.fromTime ?? null,
        toTime: query.toTime ?? null,
        limit: query.limit,
      })
      return rows.map((row) => ({
        messageId: row.id,
        conversationId: row.conversation_id,
        createdAt: row.created_at,
        snippet: snippetOf(row.search_text, query.text),
      }))
    },
  }
}

/** The search over one replica. */
export type SearchIndex = ReturnType<typeof createSearchIndex>
