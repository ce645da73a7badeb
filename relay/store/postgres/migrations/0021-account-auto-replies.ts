import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Auto-reply rules per official account: `*` holds the rules of every account without its own (the
 * one document kept before, moved here as it was).
 */
export const postgresMigration0021: PostgresMigration = {
  version: 21,
  name: 'account-auto-replies',
  up: async (client) => {
    await client.query(`
      CREATE TABLE auto_reply_rules (
        account_key TEXT PRIMARY KEY,
        rules_json TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        updated_by TEXT
      );
      INSERT INTO auto_reply_rules (account_key, rules_json, updated_at, updated_by)
        SELECT '*', rules_json, updated_at, updated_by FROM auto_reply_settings;
      DROP TABLE auto_reply_settings;
    `)
  },
}
