import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../../../../../relay/store/migrate.js'

const INSERT_MESSAGE = `INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at,
  client_message_id) VALUES (?, 'o_1', 'incoming', '{"type":"text","text":"hi"}', 'sent', 1, 1, ?)`

function planOf(database: BetterSqlite3.Database, sql: string, ...values: unknown[]): string {
  return (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as { detail: string }[])
    .map((row) => row.detail)
    .join('; ')
}

test('the rebuilt messages table keeps every row, its positions and its counter, and only client ids are unique', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    database.pragma('foreign_keys = ON')
    migrate(
      database,
      MIGRATIONS.filter((migration) => migration.version < 6),
    )
    database
      .prepare(
        `INSERT INTO conversations (id, follow_state, first_seen_at, window_history_json, status, ticket_number,
          version, updated_at) VALUES ('o_1', 'subscribed', 1, '{}', 'open', 1, 1, 1)`,
      )
      .run()
    const before = database.prepare(INSERT_MESSAGE)
    for (let index = 1; index <= 5; index += 1) before.run(`m${index}`, index % 2 === 0 ? `c${index}` : null)
    // The newest row is gone: its position must still never be handed out again.
    database.prepare("DELETE FROM messages WHERE id = 'm5'").run()
    const rows = database.prepare('SELECT * FROM messages ORDER BY position').all()

    expect(migrate(database)).toBe(6)

    expect(database.prepare('SELECT * FROM messages ORDER BY position').all()).toEqual(rows)
    const after = database.prepare(INSERT_MESSAGE)
    expect(Number(after.run('m6', null).lastInsertRowid)).toBe(6)
    expect(() => after.run('m7', 'c2')).toThrow(/UNIQUE constraint failed/)
    after.run('m8', null)
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
        'c2',
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
