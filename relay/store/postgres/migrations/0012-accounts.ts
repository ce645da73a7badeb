import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * The official accounts admins add in the console (those of the accounts file and `WECHAT_*` live in
 * the configuration). Secrets are one sealed text, opened only with `RELAY_SECRET_KEY`.
 */
export const postgresMigration0012: PostgresMigration = {
  version: 12,
  name: 'accounts',
  up: async (client) => {
    await client.query(`CREATE TABLE accounts (
      key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      app_id TEXT NOT NULL UNIQUE,
      sealed_secrets TEXT NOT NULL,
      is_enabled SMALLINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`)
  },
}
