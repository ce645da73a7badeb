import type { Migration } from '../migrate.js'

/**
 * A team's rescue of conversations whose reply window closes unanswered (null: the relay's defaults), and
 * its resolving of conversations after the follower's silence (null: never).
 */
export const migration0018: Migration = {
  version: 18,
  name: 'window-rescue',
  up: (database) =>
    database.exec(`
      ALTER TABLE teams ADD COLUMN window_rescue_json TEXT;
      -- Hours of follower silence after which the relay resolves (null: never).
      ALTER TABLE teams ADD COLUMN auto_resolve_after_hours INTEGER;
    `),
}
