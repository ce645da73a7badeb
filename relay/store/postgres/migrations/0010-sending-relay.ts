import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Which relay sends an outgoing message still pending: on one database several relays send, and the
 * one that finds a pending message may fail it as `delivery_uncertain` only when its sender has stopped.
 * Rows from before this migration have none, which reads as "a relay that stopped".
 */
export const postgresMigration0010: PostgresMigration = {
  version: 10,
  name: 'sending-relay',
  up: async (client) => {
    await client.query('ALTER TABLE messages ADD COLUMN sending_relay TEXT')
  },
}
