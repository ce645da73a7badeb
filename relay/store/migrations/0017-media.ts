import type { Migration } from '../migrate.js'

/**
 * The relay keeps media itself (WeChat deletes a follower's file after 3 days): each file once by its
 * hash, which messages hold which file in which role, the fetches still to make, and what was uploaded
 * to each account (a media id is reused while it lives; canned pictures' own list of media ids goes). A
 * message's `media_json` is what desktops see.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'media',
  up: (database) =>
    database.exec(`
      ALTER TABLE messages ADD COLUMN media_json TEXT;
      CREATE TABLE media_blobs (
        hash TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE message_media (
        message_id TEXT NOT NULL,
        role TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (message_id, role)
      ) STRICT;
      CREATE INDEX message_media_by_hash ON message_media (hash);
      CREATE TABLE media_fetches (
        message_id TEXT PRIMARY KEY,
        account_key TEXT NOT NULL,
        -- Epoch ms: when to try next, and when WeChat's copy is gone (CreateTime + 3 days).
        next_attempt_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX media_fetches_due ON media_fetches (next_attempt_at);
      CREATE TABLE uploaded_media (
        account_key TEXT NOT NULL,
        hash TEXT NOT NULL,
        media_id TEXT NOT NULL,
        -- A video's thumbnail, uploaded with it.
        thumb_media_id TEXT,
        expires_at INTEGER NOT NULL,
        -- The message's files (original, playable, poster) as desktops see them, JSON.
        files_json TEXT NOT NULL,
        PRIMARY KEY (account_key, hash)
      ) STRICT;
      CREATE INDEX uploaded_media_by_media_id ON uploaded_media (account_key, media_id);
      -- Canned pictures are uploaded as every other file now: their next send uploads them once more.
      DROP TABLE canned_response_media;
      -- A canned reply may send an article or mini-program card (JSON), its thumbnail the reply's picture.
      ALTER TABLE canned_responses ADD COLUMN card_json TEXT;
    `),
}
