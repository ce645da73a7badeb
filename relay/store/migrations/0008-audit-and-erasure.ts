import type { Migration } from '../migrate.js'

/**
 * The audit log of admin actions: who, what, on which thing, when. Rows are only ever appended; the
 * console reads them newest first, by `id`.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'audit-and-erasure',
  up: (database) =>
    database.exec(`
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      details_json TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    -- A snapshot tells desktops the latest retention cutoff (see store-snapshot.ts): found at once, and
    -- partial, so the events appended by every push never pay for it.
    CREATE INDEX events_of_retention ON events (seq) WHERE type = 'messages.expired';
  `),
}
