import type { Migration } from '../migrate.js'

/**
 * Which relay sends an outgoing message still pending: on one database several relays send, and the
 * one that finds a pending message may fail it as `delivery_uncertain` only when its sender has stopped.
 * Rows from before this migration have none, which reads as "a relay that stopped".
 */
export const migration0010: Migration = {
  version: 10,
  name: 'sending-relay',
  up: (database) => database.exec('ALTER TABLE messages ADD COLUMN sending_relay TEXT'),
}
