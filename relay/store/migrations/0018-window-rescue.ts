import type { Migration } from '../migrate.js'

/** A team's rescue of conversations whose reply window closes unanswered (null: the relay's defaults). */
export const migration0018: Migration = {
  version: 18,
  name: 'window-rescue',
  up: (database) => database.exec('ALTER TABLE teams ADD COLUMN window_rescue_json TEXT'),
}
