import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Tags and canned replies limited to official accounts: a JSON array of account keys, empty for every
 * account (what each was before accounts).
 */
export const postgresMigration0013: PostgresMigration = {
  version: 13,
  name: 'account-limits',
  up: async (client) => {
    await client.query("ALTER TABLE tags ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]'")
    await client.query("ALTER TABLE canned_responses ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]'")
  },
}
