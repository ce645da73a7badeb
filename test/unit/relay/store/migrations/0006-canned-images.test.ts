import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../../../../../relay/store/migrate.js'

test('canned responses logged before pictures existed say they have none; a picture goes with its reply', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    database.pragma('foreign_keys = ON')
    migrate(
      database,
      MIGRATIONS.filter((migration) => migration.version < 6),
    )
    const reply = { id: 'c1', shortCode: 'hi', body: 'Hello', ownerUsername: null }
    const logged = [
      { type: 'canned-response.upserted', at: 1_000, cannedResponse: reply },
      { type: 'canned-response.deleted', at: 2_000, cannedResponseId: 'c0', ownerUsername: null },
    ]
    const append = database.prepare('INSERT INTO events (at, type, payload_json) VALUES (?, ?, ?)')
    for (const event of logged) append.run(event.at, event.type, JSON.stringify(event))
    database
      .prepare(
        `INSERT INTO canned_responses (id, short_code, body, owner_username, created_at, updated_at)
         VALUES ('c1', 'hi', 'Hello', NULL, 1000, 1000)`,
      )
      .run()

    migrate(database)
    const events = database
      .prepare<[], string>('SELECT payload_json FROM events ORDER BY seq')
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as unknown)
    expect(events).toEqual([{ ...logged[0], cannedResponse: { ...reply, image: null } }, logged[1]])

    const insertImage = database.prepare(
      `INSERT INTO canned_response_images (canned_response_id, file_name, mime_type, bytes) VALUES (?, 'a.png', 'image/png', ?)`,
    )
    expect(() => insertImage.run('c1', 'not bytes')).toThrow(/cannot store TEXT value in BLOB column/)
    insertImage.run('c1', Buffer.from([0x89, 0x50]))
    expect(() => insertImage.run('nobody', Buffer.from([0x89]))).toThrow(/FOREIGN KEY/)
    database.prepare("DELETE FROM canned_responses WHERE id = 'c1'").run()
    expect(database.prepare('SELECT count(*) FROM canned_response_images').pluck().get()).toBe(0)
  } finally {
    database.close()
  }
})
