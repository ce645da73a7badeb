import type { PostgresMigration } from '../migrate-postgres.js'

/** Parametric QR codes made for each account: one per scene, the ticket WeChat gave and when it expires. */
export const postgresMigration0022: PostgresMigration = {
  version: 22,
  name: 'qr-codes',
  up: async (client) => {
    await client.query(`
      CREATE TABLE qr_codes (
        account_key TEXT NOT NULL,
        scene TEXT NOT NULL,
        is_permanent BIGINT NOT NULL,
        ticket TEXT NOT NULL,
        url TEXT NOT NULL,
        -- Epoch ms; null for a permanent code.
        expires_at BIGINT,
        created_at BIGINT NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (account_key, scene)
      );
      CREATE INDEX conversations_by_scene ON conversations (source_scene) WHERE source_scene IS NOT NULL;
    `)
  },
}
