import type { Migration } from '../migrate.js'

/** Parametric QR codes made for each account: one per scene, the ticket WeChat gave and when it expires. */
export const migration0022: Migration = {
  version: 22,
  name: 'qr-codes',
  up: (database) =>
    database.exec(`
      CREATE TABLE qr_codes (
        account_key TEXT NOT NULL,
        scene TEXT NOT NULL,
        is_permanent INTEGER NOT NULL,
        ticket TEXT NOT NULL,
        url TEXT NOT NULL,
        -- Epoch ms; null for a permanent code.
        expires_at INTEGER,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (account_key, scene)
      ) STRICT;
      CREATE INDEX conversations_by_scene ON conversations (source_scene) WHERE source_scene IS NOT NULL;
    `),
}
