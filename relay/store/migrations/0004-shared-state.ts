import type { Migration } from '../migrate.js'

/**
 * Shared state the supervisors run: tags, canned responses, teams, who last changed each conversation
 * (for conflict answers), when each agent last received a conversation (auto-assignment ties), and the
 * indexes the board and the assignment queue read through.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'shared-state',
  up: (database) =>
    database.exec(`
    CREATE TABLE tags (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      color TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE canned_responses (
      id TEXT PRIMARY KEY,
      short_code TEXT NOT NULL,
      body TEXT NOT NULL,
      -- NULL: a team reply every user sees; else the one user who owns it.
      owner_username TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX canned_responses_by_code ON canned_responses (coalesce(owner_username, ''), short_code);

    CREATE TABLE teams (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      is_sharing_conversations INTEGER NOT NULL DEFAULT 0,
      is_auto_assigning INTEGER NOT NULL DEFAULT 0,
      agent_cap INTEGER,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX users_by_team ON users (team_id);

    -- The person behind a conversation's latest version, so a losing compare-and-set learns who won.
    CREATE TABLE conversation_changes (
      conversation_id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      username TEXT NOT NULL,
      action TEXT NOT NULL,
      at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE agent_assignments (
      username TEXT PRIMARY KEY,
      last_assigned_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE INDEX conversations_by_assignee ON conversations (assignee, status);
    CREATE INDEX conversations_queue ON conversations (last_incoming_at)
      WHERE assignee IS NULL AND status != 'resolved';
    CREATE INDEX conversations_by_last_incoming ON conversations (last_incoming_at);
  `),
}
