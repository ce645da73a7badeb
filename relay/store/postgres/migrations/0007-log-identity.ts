import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * The event log's identity: a random id a desktop keeps beside its cursor, so a cursor is only ever
 * read against the log it was taken from. The row is written by the store when it opens a database
 * without one (see event-log.ts): a new database, one upgraded to this version, and a restored backup
 * (backups and restores drop it) each start a log of their own.
 */
export const postgresMigration0007: PostgresMigration = {
  version: 7,
  name: 'log-identity',
  up: async (client) => {
    await client.query(`
    CREATE TABLE log_identity (
      -- One row at most.
      id BIGINT PRIMARY KEY CHECK (id = 1),
      log_id TEXT NOT NULL,
      -- When this log got its identity (epoch ms): when the store was created, upgraded or restored.
      minted_at BIGINT NOT NULL
    );
  `)
  },
}
