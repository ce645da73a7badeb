import { test } from '@playwright/test'
import { startPostgres, type PostgresServer } from './postgres-server.js'

/** The store engine a test's relays run on: its Playwright project says (`metadata.storeEngine`). */
export type TestStoreEngine = 'sqlite' | 'postgres'

/** Outside a test (a benchmark) it is SQLite, the default, unless the caller's environment says otherwise. */
export function storeEngineOfThisTest(): TestStoreEngine {
  if (!isRunningTest()) return 'sqlite'
  return test.info().project.metadata['storeEngine'] === 'postgres' ? 'postgres' : 'sqlite'
}

function isRunningTest(): boolean {
  try {
    test.info()
    return true
  } catch {
    return false
  }
}

// One server per worker process, started by the first relay that needs it; stopped when the worker exits.
let server: Promise<PostgresServer> | undefined

// The database of each data dir: a relay restarted over the same dir finds the same data, as on SQLite.
const databaseOfDataDir = new Map<string, Promise<string>>()

/**
 * The environment that puts a test relay over `dataDir` on its project's engine: nothing for SQLite (the
 * relay keeps the dir's file), for PostgreSQL the dir's own database on the worker's throwaway server.
 */
export async function storeEnvironmentOfThisTest(dataDir: string): Promise<Record<string, string>> {
  if (storeEngineOfThisTest() === 'sqlite') return {}
  server ??= startPostgres()
  const running = server
  let database = databaseOfDataDir.get(dataDir)
  if (database === undefined) {
    database = running.then((postgres) => postgres.createDatabase())
    databaseOfDataDir.set(dataDir, database)
  }
  return { RELAY_DATABASE_URL: await database }
}
