import type { PostgresMigration } from '../migrate-postgres.js'

/** A conversation may be snoozed: out of the views until a time or until the follower writes (JSON). */
export const postgresMigration0019: PostgresMigration = {
  version: 19,
  name: 'snooze',
  up: async (client) => {
    await client.query('ALTER TABLE conversations ADD COLUMN snooze_json TEXT')
  },
}
