import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Shared state the supervisors run: tags, canned responses, teams, who last changed each conversation
 * (for conflict answers), when each agent last received a conversation (auto-assignment ties), and the
 * indexes the board and the assignment queue read through.
 *
 * SQLite's `name TEXT COLLATE NOCASE UNIQUE` has no column-level equal here: a unique index on
 * `lower(name COLLATE "C")` refuses the same names, as "C" folds ASCII letters only, as NOCASE does,
 * whatever the database's locale. Unlike NOCASE it does not make `=` or ORDER BY on the column
 * case-insensitive: a query that relies on that says `lower(name COLLATE "C")` itself.
 */
export const postgresMigration0004: PostgresMigration = {
  version: 4,
  name: 'shared-state',
  up: async (client) => {
    await client.query(`
    CREATE TABLE tags (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      color TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX tags_by_name_nocase ON tags (lower(name COLLATE "C"));

    CREATE TABLE canned_responses (
      id TEXT PRIMARY KEY,
      short_code TEXT NOT NULL,
      body TEXT NOT NULL,
      -- NULL: a team reply every user sees; else the one user who owns it.
      owner_username TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX canned_responses_by_code ON canned_responses (coalesce(owner_username, ''), short_code);

    CREATE TABLE teams (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      is_sharing_conversations SMALLINT NOT NULL DEFAULT 0,
      is_auto_assigning SMALLINT NOT NULL DEFAULT 0,
      agent_cap BIGINT,
      created_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX teams_by_name_nocase ON teams (lower(name COLLATE "C"));
    CREATE INDEX users_by_team ON users (team_id);

    -- The person behind a conversation's latest version, so a losing compare-and-set learns who won.
    CREATE TABLE conversation_changes (
      conversation_id TEXT PRIMARY KEY,
      version BIGINT NOT NULL,
      username TEXT NOT NULL,
      action TEXT NOT NULL,
      at BIGINT NOT NULL
    );

    CREATE TABLE agent_assignments (
      username TEXT PRIMARY KEY,
      last_assigned_at BIGINT NOT NULL
    );

    CREATE INDEX conversations_by_assignee ON conversations (assignee, status);
    CREATE INDEX conversations_queue ON conversations (last_incoming_at)
      WHERE assignee IS NULL AND status != 'resolved';
    CREATE INDEX conversations_by_last_incoming ON conversations (last_incoming_at);
  `)
  },
}
