import type { Migration } from '../migrate.js'

/**
 * The follower's unionid, when WeChat gives one (an account bound to an open platform): the same
 * person's conversations in several accounts share it. Null until looked up, and when there is none.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'union-ids',
  up: (database) =>
    database.exec(`
      ALTER TABLE conversations ADD COLUMN union_id TEXT;
      CREATE INDEX conversations_by_union_id ON conversations (union_id) WHERE union_id IS NOT NULL;
    `),
}
