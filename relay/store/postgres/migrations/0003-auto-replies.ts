import type { PostgresMigration } from '../migrate-postgres.js'

/** Auto-reply rules (one document, admin-edited) and when each conversation last got an off-hours reply. */
export const postgresMigration0003: PostgresMigration = {
  version: 3,
  name: 'auto-replies',
  up: async (client) => {
    await client.query(`
    CREATE TABLE auto_reply_settings (
      id BIGINT PRIMARY KEY CHECK (id = 1),
      rules_json TEXT NOT NULL,
      updated_at BIGINT NOT NULL,
      updated_by TEXT
    );

    CREATE TABLE auto_reply_cooldowns (
      conversation_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      sent_at BIGINT NOT NULL,
      PRIMARY KEY (conversation_id, rule)
    );
  `)
  },
}
