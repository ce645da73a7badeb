import { openPostgresRelayStore } from './postgres/postgres-relay-store.js'
import type { RelayStore } from './relay-store.js'
import { openRelayStore, type RelayStoreOptions } from './sqlite-relay-store.js'

/** Where the relay keeps its state: a PostgreSQL database shared by relays, or its own SQLite file. */
export interface StoreLocation {
  readonly databaseUrl: string | null
  readonly dataDir: string
}

/** Opens the store the configuration names: the one place the relay chooses its engine. */
export async function openStore(location: StoreLocation, options: RelayStoreOptions): Promise<RelayStore> {
  if (location.databaseUrl !== null) return openPostgresRelayStore(location.databaseUrl, options)
  return openRelayStore(location.dataDir, options)
}
