import type { Migration } from '../migrate.js'

/** Auto-reply rules (one document, admin-edited) and when each conversation last got an off-hours reply. */
export const migration0003: Migration = {
  version: 3,
  name: 'auto-replies',
  up: (database) =>
    database.exec(`
    CREATE TABLE auto_reply_settings (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      rules_json TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT
    ) STRICT;

    CREATE TABLE auto_reply_cooldowns (
      conversation_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      sent_at INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, rule)
    ) STRICT;
  `),
}
