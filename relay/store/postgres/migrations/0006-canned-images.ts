import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Picture canned responses: the bytes live in a table of their own, so listing canned responses never
 * reads pictures, and go with their canned response. Replies logged before pictures existed say so
 * (`image: null`), so a desktop replaying the log reads every `canned-response.upserted` alike.
 */
export const postgresMigration0006: PostgresMigration = {
  version: 6,
  name: 'canned-images',
  up: async (client) => {
    // `#>` is SQL NULL only where the key is missing, as SQLite's json_type is; a JSON null is kept. jsonb
    // rewrites the payload's text (key order, spacing): readers parse it, so it reads the same.
    await client.query(`
    CREATE TABLE canned_response_images (
      canned_response_id TEXT PRIMARY KEY REFERENCES canned_responses (id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      -- Sniffed from the bytes: image/jpeg, image/png or image/gif.
      mime_type TEXT NOT NULL,
      bytes BYTEA NOT NULL,
      -- WeChat's temporary media id of the last upload and when it lapses (epoch ms); NULL: never uploaded.
      media_id TEXT,
      media_expires_at BIGINT
    );

    UPDATE events SET payload_json = jsonb_set(payload_json::jsonb, '{cannedResponse,image}', 'null')::text
    WHERE type = 'canned-response.upserted' AND payload_json::jsonb #> '{cannedResponse,image}' IS NULL;
  `)
  },
}
