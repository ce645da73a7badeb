import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Which official accounts a team answers for: a JSON array of account keys, empty for every account
 * (what every team did before accounts, so existing teams keep seeing everything).
 */
export const postgresMigration0011: PostgresMigration = {
  version: 11,
  name: 'team-accounts',
  up: async (client) => {
    await client.query("ALTER TABLE teams ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]'")
  },
}
