import type { Migration } from '../migrate.js'

/**
 * Tags and canned replies limited to official accounts: a JSON array of account keys, empty for every
 * account (what each was before accounts).
 */
export const migration0013: Migration = {
  version: 13,
  name: 'account-limits',
  up: (database) =>
    database.exec(`
      ALTER TABLE tags ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE canned_responses ADD COLUMN account_keys_json TEXT NOT NULL DEFAULT '[]';
    `),
}
