import type { Migration } from '../migrate.js'

/** An admin's account may have its own replies per window; null keeps the relay's RELAY_WINDOW_*_QUOTA. */
export const migration0015: Migration = {
  version: 15,
  name: 'account-quotas',
  up: (database) =>
    database.exec(`
      ALTER TABLE accounts ADD COLUMN message_quota INTEGER;
      ALTER TABLE accounts ADD COLUMN event_quota INTEGER;
    `),
}
