import type { Migration } from '../migrate.js'

/**
 * The event log's identity: a random id a desktop keeps beside its cursor, so a cursor is only ever
 * read against the log it was taken from. The row is written by the store when it opens a database
 * without one (see event-log.ts): a new database, one upgraded to this version, and a restored backup
 * (backups and restores drop it) each start a log of their own.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'log-identity',
  up: (database) =>
    database.exec(`
    CREATE TABLE log_identity (
      -- One row at most.
      id INTEGER PRIMARY KEY CHECK (id = 1),
      log_id TEXT NOT NULL,
      -- When this log got its identity (epoch ms): when the store was created, upgraded or restored.
      minted_at INTEGER NOT NULL
    ) STRICT;
  `),
}
