import type { Migration } from '../migrate.js'

/**
 * The official accounts admins add in the console (those of the accounts file and `WECHAT_*` live in
 * the configuration). Secrets are one sealed text, opened only with `RELAY_SECRET_KEY`.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'accounts',
  up: (database) =>
    database.exec(`CREATE TABLE accounts (
      key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      app_id TEXT NOT NULL UNIQUE,
      sealed_secrets TEXT NOT NULL,
      is_enabled INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`),
}
