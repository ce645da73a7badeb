import type { Migration } from '../migrate.js'

/** The first schema: users and sessions, conversations, messages (incoming and outgoing), the event log. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: (database) =>
    database.exec(`
    CREATE TABLE users (
      username TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
      password_hash TEXT NOT NULL,
      is_disabled INTEGER NOT NULL DEFAULT 0,
      kf_account TEXT,
      team_id TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      username TEXT NOT NULL REFERENCES users (username),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX sessions_by_username ON sessions (username);

    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      remark TEXT,
      follow_state TEXT NOT NULL,
      source_scene TEXT,
      first_seen_at INTEGER NOT NULL,
      last_message_json TEXT,
      last_incoming_at INTEGER,
      unread_count INTEGER NOT NULL DEFAULT 0,
      window_history_json TEXT NOT NULL,
      assignee TEXT,
      status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
      ticket_number INTEGER NOT NULL,
      tag_ids_json TEXT NOT NULL DEFAULT '[]',
      notes TEXT NOT NULL DEFAULT '',
      version INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX conversations_by_recency ON conversations (updated_at DESC, id DESC);

    -- One row per line of a conversation; position orders history as it arrived.
    CREATE TABLE messages (
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
    -- Only outgoing lines carry a client id: a partial index spares every incoming push a second index
    -- page keyed by conversation, and still answers the lookup by (conversation_id, client_message_id).
    CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, client_message_id)
      WHERE client_message_id IS NOT NULL;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, position DESC);
    CREATE INDEX messages_by_job ON messages (wechat_job_id) WHERE wechat_job_id IS NOT NULL;
    CREATE INDEX messages_pending ON messages (status) WHERE status = 'pending';

    -- The durable dedupe of WeChat's retries (reference §1.8): a restart between two retries still knows.
    CREATE TABLE inbound_pushes (
      dedupe_key TEXT PRIMARY KEY,
      received_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      type TEXT NOT NULL,
      payload_json TEXT NOT NULL
    ) STRICT;
  `),
}
