import type { Database } from 'better-sqlite3'
import type { RelayStore } from '../../relay/store/relay-store.js'

/** The SQLite connection of a relay's store, for tests that inspect or damage the file itself. */
export function sqliteDatabaseOf(store: RelayStore): Database {
  if (store.engine !== 'sqlite' || !('database' in store)) throw new Error('this test needs the SQLite store')
  return store.database as Database
}
