import type { Awaiting } from '../../awaiting.js'
import { loadRowOf, type BoardRepository, type LoadRow } from '../../board-repository.js'
import { rowsOf, type Queryable } from '../queryable.js'

const COLUMNS = 'id, assignee, last_incoming_at, window_history_json'

export function createPostgresBoardRepository(db: Queryable): Awaiting<BoardRepository> {
  const loads = async (sql: string, values: readonly unknown[] = []) =>
    (await rowsOf<LoadRow>(db, `SELECT ${COLUMNS} FROM conversations ${sql}`, values)).map(loadRowOf)
  return {
    openCounts: async () =>
      new Map(
        (
          await rowsOf<{ assignee: string; count: number }>(
            db,
            `SELECT assignee, count(*) AS count FROM conversations
             WHERE assignee IS NOT NULL AND status != 'resolved' GROUP BY assignee`,
          )
        ).map((row) => [row.assignee, row.count]),
      ),
    async queue(options = {}) {
      // NULLS FIRST: SQLite sorts a missing time first; the partial index conversations_queue serves it.
      const rows = await loads(
        `WHERE assignee IS NULL AND status != 'resolved' ORDER BY last_incoming_at NULLS FIRST, id COLLATE "C"`,
      )
      return options.hasFollowerMessage === true
        ? rows.filter((row) => row.windowHistory.lastOpenedAt.message !== undefined)
        : rows
    },
    activeSince: (since) => loads(`WHERE last_incoming_at > $1 AND status != 'resolved'`, [since]),
    openOf: (username) => loads(`WHERE assignee = $1 AND status != 'resolved'`, [username]),
    tagsOfUnresolved: async () =>
      (
        await rowsOf<{ id: string; tag_id: string }>(
          db,
          `SELECT conversations.id AS id, tag AS tag_id
           FROM conversations, jsonb_array_elements_text(conversations.tag_ids_json::jsonb) AS tag
           WHERE conversations.status != 'resolved'`,
        )
      ).map((row) => ({ conversationId: row.id, tagId: row.tag_id })),
    tagCounts: async () =>
      new Map(
        (
          await rowsOf<{ tag_id: string; count: number }>(
            db,
            `SELECT tag AS tag_id, count(*) AS count
             FROM conversations, jsonb_array_elements_text(conversations.tag_ids_json::jsonb) AS tag
             WHERE conversations.status != 'resolved' GROUP BY tag`,
          )
        ).map((row) => [row.tag_id, row.count]),
      ),
  }
}
