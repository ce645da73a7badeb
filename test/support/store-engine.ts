import { test } from '@playwright/test'
import { startPostgres, type PostgresServer } from './postgres-server.js'

/** The store engine a test's relays run on: its Playwright project says (`metadata.storeEngine`). */
export type TestStoreEngine = 'sqlite' | 'postgres'

export function storeEngineOfThisTest(): TestStoreEngine {
  return test.info().project.metadata['storeEngine'] === 'postgres' ? 'postgres' : 'sqlite'
}

// One server per worker process, started by the first relay that needs it; stopped when the worker exits.
let server: Promise<PostgresServer> | undefined

/**
 * The environment that puts a test relay on its project's engine: nothing for SQLite (the relay keeps
 * its data dir), a fresh database of the worker's throwaway PostgreSQL for PostgreSQL.
 */
export async function storeEnvironmentOfThisTest(): Promise<Record<string, string>> {
  if (storeEngineOfThisTest() === 'sqlite') return {}
  server ??= startPostgres()
  return { RELAY_DATABASE_URL: await (await server).createDatabase() }
}
