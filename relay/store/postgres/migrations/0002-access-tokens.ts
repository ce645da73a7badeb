import type { PostgresMigration } from '../migrate-postgres.js'

/** The one access token per app and kind, kept across restarts so a restart is not a token fetch. */
export const postgresMigration0002: PostgresMigration = {
  version: 2,
  name: 'access-tokens',
  up: async (client) => {
    await client.query(`
    CREATE TABLE wechat_access_tokens (
      app_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('stable', 'classic')),
      token TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      fetched_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, kind)
    );
  `)
  },
}
