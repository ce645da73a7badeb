import type { Database } from 'better-sqlite3'
import type { WindowHistory } from '../../common/domain/reply-window.js'

/** An unresolved conversation as the board and the queue read it: no more than they need. */
export interface ConversationLoadRow {
  readonly id: string
  readonly assignee: string | null
  readonly lastIncomingAt: number | null
  readonly windowHistory: WindowHistory
}

/** Aggregate reads over conversations for the board, the queue and handovers; each has an index. */
export interface BoardRepository {
  /** Unresolved conversations per assignee. */
  openCounts(): Map<string, number>
  /** Unassigned unresolved conversations, longest waiting first; `hasFollowerMessage` skips event-only ones. */
  queue(options?: { readonly hasFollowerMessage?: boolean }): ConversationLoadRow[]
  /** Unresolved conversations the follower touched after `since` (only those can hold an open window). */
  activeSince(since: number): ConversationLoadRow[]
  /** Unresolved conversations held by `username`. */
  openOf(username: string): ConversationLoadRow[]
  /** Unresolved conversations per tag id. */
  tagCounts(): Map<string, number>
  /** Each tag of each unresolved conversation: a board limited to accounts counts its own. */
  tagsOfUnresolved(): { readonly conversationId: string; readonly tagId: string }[]
}

export interface LoadRow {
  id: string
  assignee: string | null
  last_incoming_at: number | null
  window_history_json: string
}

const COLUMNS = 'id, assignee, last_incoming_at, window_history_json'

/** Prepares the statements once on `database`. */
export function createBoardRepository(database: Database): BoardRepository {
  const openCounts = database.prepare<[], { assignee: string; count: number }>(`
    SELECT assignee, count(*) AS count FROM conversations
    WHERE assignee IS NOT NULL AND status != 'resolved' GROUP BY assignee`)
  const queue = database.prepare<[], LoadRow>(`
    SELECT ${COLUMNS} FROM conversations INDEXED BY conversations_queue
    WHERE assignee IS NULL AND status != 'resolved' ORDER BY last_incoming_at, id`)
  const activeSince = database.prepare<[number], LoadRow>(`
    SELECT ${COLUMNS} FROM conversations WHERE last_incoming_at > ? AND status != 'resolved'`)
  const openOf = database.prepare<[string], LoadRow>(`
    SELECT ${COLUMNS} FROM conversations WHERE assignee = ? AND status != 'resolved'`)
  const tagCounts = database.prepare<[], { tag_id: string; count: number }>(`
    SELECT tag.value AS tag_id, count(*) AS count FROM conversations, json_each(conversations.tag_ids_json) AS tag
    WHERE conversations.status != 'resolved' GROUP BY tag.value`)
  const tagsOfUnresolved = database.prepare<[], { id: string; tag_id: string }>(`
    SELECT conversations.id AS id, tag.value AS tag_id FROM conversations, json_each(conversations.tag_ids_json) AS tag
    WHERE conversations.status != 'resolved'`)
  return {
    openCounts: () => new Map(openCounts.all().map((row) => [row.assignee, row.count])),
    tagsOfUnresolved: () =>
      tagsOfUnresolved.all().map((row) => ({ conversationId: row.id, tagId: row.tag_id })),
    queue(options = {}) {
      const rows = queue.all().map(loadRowOf)
      return options.hasFollowerMessage === true
        ? rows.filter((row) => row.windowHistory.lastOpenedAt.message !== undefined)
        : rows
    },
    activeSince: (since) => activeSince.all(since).map(loadRowOf),
    openOf: (username) => openOf.all(username).map(loadRowOf),
    tagCounts: () => new Map(tagCounts.all().map((row) => [row.tag_id, row.count])),
  }
}

export function loadRowOf(row: LoadRow): ConversationLoadRow {
  return {
    id: row.id,
    assignee: row.assignee,
    lastIncomingAt: row.last_incoming_at,
    windowHistory: JSON.parse(row.window_history_json) as WindowHistory,
  }
}
