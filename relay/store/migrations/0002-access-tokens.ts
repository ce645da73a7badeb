import type { Migration } from '../migrate.js'

/** The one access token per app and kind, kept across restarts so a restart is not a token fetch. */
export const migration0002: Migration = {
  version: 2,
  name: 'access-tokens',
  up: (database) =>
    database.exec(`
    CREATE TABLE wechat_access_tokens (
      app_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('stable', 'classic')),
      token TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      fetched_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, kind)
    ) STRICT;
  `),
}
