import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../../../../relay/store/migrate.js'

const INSERT_MESSAGE = `INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at,
  client_message_id) VALUES (?, 'o_1', 'incoming', '{"type":"text","text":"hi"}', 'sent', 1, 1, ?)`

function planOf(database: BetterSqlite3.Database, sql: string, ...values: unknown[]): string {
  return (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as { detail: string }[])
    .map((row) => row.detail)
    .join('; ')
}

test('messages: only client ids are unique per conversation, and each lookup has its index', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    database.pragma('foreign_keys = ON')
    migrate(database)
    database
      .prepare(
        `INSERT INTO conversations (id, follow_state, first_seen_at, window_history_json, status, ticket_number,
          version, updated_at) VALUES ('o_1', 'subscribed', 1, '{}', 'open', 1, 1, 1)`,
      )
      .run()
    const insert = database.prepare(INSERT_MESSAGE)
    insert.run('m1', null)
    insert.run('m2', null)
    insert.run('m3', 'c3')
    expect(() => insert.run('m4', 'c3')).toThrow(/UNIQUE constraint failed/)
    const indexes = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name")
      .pluck()
      .all()
    expect(indexes).toEqual([
      'messages_by_client_id',
      'messages_by_conversation',
      'messages_by_job',
      'messages_pending',
      'sqlite_autoindex_messages_1',
    ])
    expect(
      planOf(
        database,
        'SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?',
        'o_1',
        'c3',
      ),
    ).toContain('USING INDEX messages_by_client_id')
    expect(
      planOf(
        database,
        'SELECT * FROM messages WHERE conversation_id = ? ORDER BY position DESC LIMIT ?',
        'o_1',
        5,
      ),
    ).toContain('USING INDEX messages_by_conversation')
    expect(database.pragma('foreign_key_check')).toEqual([])
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok')
  } finally {
    database.close()
  }
})
