import type { Migration } from '../migrate.js'

/**
 * Picture canned responses: the bytes live in a table of their own, so listing canned responses never
 * reads pictures, and go with their canned response. Replies logged before pictures existed say so
 * (`image: null`), so a desktop replaying the log reads every `canned-response.upserted` alike.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'canned-images',
  up: (database) =>
    database.exec(`
    CREATE TABLE canned_response_images (
      canned_response_id TEXT PRIMARY KEY REFERENCES canned_responses (id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      -- Sniffed from the bytes: image/jpeg, image/png or image/gif.
      mime_type TEXT NOT NULL,
      bytes BLOB NOT NULL,
      -- WeChat's temporary media id of the last upload and when it lapses (epoch ms); NULL: never uploaded.
      media_id TEXT,
      media_expires_at INTEGER
    ) STRICT;

    UPDATE events SET payload_json = json_set(payload_json, '$.cannedResponse.image', json('null'))
    WHERE type = 'canned-response.upserted' AND json_type(payload_json, '$.cannedResponse.image') IS NULL;
  `),
}
