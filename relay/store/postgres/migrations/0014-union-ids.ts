import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * The follower's unionid, when WeChat gives one (an account bound to an open platform): the same
 * person's conversations in several accounts share it. Null until looked up, and when there is none.
 */
export const postgresMigration0014: PostgresMigration = {
  version: 14,
  name: 'union-ids',
  up: async (client) => {
    await client.query('ALTER TABLE conversations ADD COLUMN union_id TEXT')
    await client.query(
      'CREATE INDEX conversations_by_union_id ON conversations (union_id) WHERE union_id IS NOT NULL',
    )
  },
}
