import type { Migration } from '../migrate.js'

/**
 * Which official accounts a team answers for: a JSON array of account keys, empty for every account
 * (what every team did before accounts, so existing teams keep seeing everything).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'team-accounts',
  up: (database) =>
    database.exec("ALTER TABLE teams ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]'"),
}
