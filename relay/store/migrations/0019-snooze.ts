import type { Migration } from '../migrate.js'

/** A conversation may be snoozed: out of the views until a time or until the follower writes (JSON). */
export const migration0019: Migration = {
  version: 19,
  name: 'snooze',
  up: (database) => database.exec('ALTER TABLE conversations ADD COLUMN snooze_json TEXT'),
}
