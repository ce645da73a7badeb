import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Whether the relay heard a follower's follow event, so a follower first seen writing (their follow
 * predates the relay) reads "came from: unknown" rather than "search or direct follow". Existing
 * conversations are known to have followed through the relay when a QR scene was recorded or a subscribe
 * event is still in their history; the others stay unknown.
 */
export const postgresMigration0009: PostgresMigration = {
  version: 9,
  name: 'follow-seen',
  up: async (client) => {
    await client.query(`
    ALTER TABLE conversations ADD COLUMN has_seen_follow SMALLINT NOT NULL DEFAULT 0
      CHECK (has_seen_follow IN (0, 1));
    UPDATE conversations SET has_seen_follow = 1
    WHERE source_scene IS NOT NULL
       OR id IN (
         SELECT conversation_id FROM messages
         WHERE direction = 'incoming'
           AND body_json::jsonb ->> 'type' = 'event'
           AND body_json::jsonb ->> 'event' = 'subscribe'
       );
  `)
  },
}
