import type { PostgresMigration } from '../migrate-postgres.js'

/** A team's rescue of conversations whose reply window closes unanswered (null: the relay's defaults). */
export const postgresMigration0018: PostgresMigration = {
  version: 18,
  name: 'window-rescue',
  up: async (client) => {
    await client.query('ALTER TABLE teams ADD COLUMN window_rescue_json TEXT')
  },
}
