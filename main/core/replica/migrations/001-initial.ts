import type { ReplicaMigration } from '../migrations.js'

/** The first schema of the replica: the relay's entities, per-agent state, the outbox and the search index. */
export const migration001: ReplicaMigration = {
  version: 1,
  name: 'initial',
  up: (database) =>
    database.exec(`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  assignee TEXT,
  status TEXT NOT NULL,
  last_activity_at INTEGER NOT NULL,
  last_direction TEXT,
  tag_ids TEXT NOT NULL DEFAULT '[]',
  json TEXT NOT NULL,
  unread_count INTEGER NOT NULL DEFAULT 0,
  is_marked_unread INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_activity ON conversations (last_activity_at DESC, id);
CREATE INDEX conversations_by_assignee ON conversations (assignee, status);

CREATE TABLE conversation_tags (
  tag_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  PRIMARY KEY (tag_id, conversation_id)
) WITHOUT ROWID;
CREATE INDEX conversation_tags_by_conversation ON conversation_tags (conversation_id);

CREATE TABLE messages (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  client_message_id TEXT,
  search_text TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at, rowid);
CREATE INDEX messages_by_client_id ON messages (client_message_id) WHERE client_message_id IS NOT NULL;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  words, bigrams, unigrams,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE tags (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE canned_responses (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE users (username TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE drafts (conversation_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE outbox (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  client_message_id TEXT NOT NULL UNIQUE,
  command TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  request TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  failure TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX outbox_by_state ON outbox (state, position);
`),
}
