import type Database from 'better-sqlite3'

/** One message row as a snapshot stores it. */
export interface SnapshotMessageRow {
  readonly id: string
  readonly conversationId: string
  readonly createdAt: number
  readonly searchText: string
  readonly json: string
}

/** Rows per multi-row statement: one statement step per row costs more than the row itself. */
const ROWS_PER_STATEMENT = 250

/**
 * Writes snapshot message rows many to a statement, in order, while the search index is deferred (so
 * no row written here has to leave or join it). Only rows without a client message id come here: those
 * with one may replace this desktop's local copy, which the one-row path handles.
 */
export function createSnapshotMessageWriter(database: Database.Database) {
  const upsertOf = (rows: number) =>
    database.prepare(`
      INSERT INTO messages (id, conversation_id, created_at, client_message_id, search_text, json)
      VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, NULL, ?, ?)').join(', ')}
      ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, client_message_id = NULL,
        search_text = excluded.search_text, json = excluded.json`)
  const full = upsertOf(ROWS_PER_STATEMENT)
  const single = upsertOf(1)
  const values: (string | number)[] = []

  return {
    /** Stores the rows in their order (rowids follow it); a message already stored is overwritten. */
    write(rows: readonly SnapshotMessageRow[]): void {
      let index = 0
      for (; index + ROWS_PER_STATEMENT <= rows.length; index += ROWS_PER_STATEMENT) {
        values.length = 0
        for (let offset = index; offset < index + ROWS_PER_STATEMENT; offset += 1) {
          const row = rows[offset]!
          values.push(row.id, row.conversationId, row.createdAt, row.searchText, row.json)
        }
        full.run(values)
      }
      for (; index < rows.length; index += 1) {
        const row = rows[index]!
        single.run(row.id, row.conversationId, row.createdAt, row.searchText, row.json)
      }
    },
  }
}

/** Writes snapshot message rows many to a statement. */
export type SnapshotMessageWriter = ReturnType<typeof createSnapshotMessageWriter>
