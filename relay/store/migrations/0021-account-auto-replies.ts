import type { Migration } from '../migrate.js'

/**
 * Auto-reply rules per official account: `*` holds the rules of every account without its own (the
 * one document kept before, moved here as it was).
 */
export const migration0021: Migration = {
  version: 21,
  name: 'account-auto-replies',
  up: (database) =>
    database.exec(`
      CREATE TABLE auto_reply_rules (
        account_key TEXT PRIMARY KEY,
        rules_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      ) STRICT;
      INSERT INTO auto_reply_rules (account_key, rules_json, updated_at, updated_by)
        SELECT '*', rules_json, updated_at, updated_by FROM auto_reply_settings;
      DROP TABLE auto_reply_settings;
    `),
}
