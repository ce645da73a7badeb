import type { Migration } from '../migrate.js'

/**
 * Incoming messages carry no client id, yet the table constraint `UNIQUE (conversation_id,
 * client_message_id)` indexed every one of them: a second index page keyed by conversation written on
 * each push. A table constraint cannot be dropped, so the table is rebuilt without it and the rule comes
 * back as a partial unique index over the rows that have a client id (the only ones it ever constrained:
 * NULLs never collide), which still answers the lookup by `(conversation_id, client_message_id)`.
 * `position` values are copied, and the AUTOINCREMENT counter kept, so no position is ever reused.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'message-indexes',
  sql: `
    CREATE TABLE messages_rebuilt (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL REFERENCES conversations (id),
      direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing', 'internal')),
      body_json TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      client_message_id TEXT,
      sender_username TEXT,
      is_automatic INTEGER NOT NULL DEFAULT 0,
      counts_quota INTEGER NOT NULL DEFAULT 0,
      wechat_msg_id TEXT,
      wechat_job_id TEXT,
      failure_json TEXT,
      -- Every element WeChat sent, so an unknown type or a new field is never lost.
      raw_json TEXT
    ) STRICT;
    INSERT INTO messages_rebuilt SELECT * FROM messages ORDER BY position;
    -- The old counter is at least the highest position copied: it moves over to the new table whole.
    DELETE FROM sqlite_sequence WHERE name = 'messages_rebuilt';
    UPDATE sqlite_sequence SET name = 'messages_rebuilt' WHERE name = 'messages';
    DROP TABLE messages;
    ALTER TABLE messages_rebuilt RENAME TO messages;
    CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, client_message_id)
      WHERE client_message_id IS NOT NULL;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, position DESC);
    CREATE INDEX messages_by_job ON messages (wechat_job_id) WHERE wechat_job_id IS NOT NULL;
    CREATE INDEX messages_pending ON messages (status) WHERE status = 'pending';
  `,
}
