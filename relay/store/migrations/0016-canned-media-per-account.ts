import type { Migration } from '../migrate.js'

/**
 * WeChat's media id of a canned picture is the uploading account's own: one kept per account (the
 * `default` account keeps what was kept before accounts), instead of one per picture.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'canned-media-per-account',
  up: (database) =>
    database.exec(`
      CREATE TABLE canned_response_media (
        canned_response_id TEXT NOT NULL REFERENCES canned_response_images (canned_response_id) ON DELETE CASCADE,
        account_key TEXT NOT NULL,
        media_id TEXT NOT NULL,
        -- When the media id lapses (epoch ms).
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (canned_response_id, account_key)
      ) STRICT;
      INSERT INTO canned_response_media (canned_response_id, account_key, media_id, expires_at)
        SELECT canned_response_id, 'default', media_id, media_expires_at FROM canned_response_images
        WHERE media_id IS NOT NULL AND media_expires_at IS NOT NULL;
      ALTER TABLE canned_response_images DROP COLUMN media_id;
      ALTER TABLE canned_response_images DROP COLUMN media_expires_at;
    `),
}
