import type { PostgresMigration } from '../migrate-postgres.js'

/** An admin's account may have its own replies per window; null keeps the relay's RELAY_WINDOW_*_QUOTA. */
export const postgresMigration0015: PostgresMigration = {
  version: 15,
  name: 'account-quotas',
  up: async (client) => {
    await client.query('ALTER TABLE accounts ADD COLUMN message_quota BIGINT')
    await client.query('ALTER TABLE accounts ADD COLUMN event_quota BIGINT')
  },
}
