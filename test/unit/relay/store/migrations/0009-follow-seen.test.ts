import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { createConversationRepository } from '../../../../../relay/store/conversation-repository.js'
import { migrate, MIGRATIONS } from '../../../../../relay/store/migrate.js'

test('conversations stored before the relay kept follows know theirs from a scene or a subscribe in history', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    database.pragma('foreign_keys = ON')
    migrate(
      database,
      MIGRATIONS.filter((migration) => migration.version < 9),
    )
    const addConversation = database.prepare(
      `INSERT INTO conversations (id, follow_state, source_scene, first_seen_at, window_history_json, status,
         ticket_number, version, updated_at)
       VALUES (?, 'subscribed', ?, 1000, '{"lastOpenedAt":{},"sendTimes":[],"isUnsubscribed":false}', 'open', 1, 1, 1000)`,
    )
    const addMessage = database.prepare(
      `INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at)
       VALUES (?, ?, 'incoming', ?, 'sent', 1000, 1000)`,
    )
    addConversation.run('o_scene', 'booth_7')
    addConversation.run('o_followed', null)
    addMessage.run('m1', 'o_followed', JSON.stringify({ type: 'event', event: 'subscribe' }))
    addConversation.run('o_writing', null)
    addMessage.run('m2', 'o_writing', JSON.stringify({ type: 'text', text: 'subscribe' }))
    addMessage.run('m3', 'o_writing', JSON.stringify({ type: 'event', event: 'unsubscribe' }))

    migrate(database)
    const conversations = createConversationRepository(database)
    expect(conversations.get('o_scene')?.hasSeenFollow).toBe(true)
    expect(conversations.get('o_followed')?.hasSeenFollow).toBe(true)
    expect(conversations.get('o_writing')?.hasSeenFollow).toBe(false)

    const writing = conversations.get('o_writing')!
    conversations.save({ ...writing, hasSeenFollow: true, version: writing.version + 1 })
    expect(conversations.get('o_writing')?.hasSeenFollow).toBe(true)
    expect(() =>
      database.prepare("UPDATE conversations SET has_seen_follow = 2 WHERE id = 'o_scene'").run(),
    ).toThrow(/CHECK constraint/)
  } finally {
    database.close()
  }
})
