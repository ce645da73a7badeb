import { test } from '@playwright/test'
import { postgresBinDir, startPostgres, type PostgresServer } from '../../support/postgres-server.js'

/**
 * One throwaway server for the calling test file. Where Debian's binaries are absent the file skips with
 * the one line saying what to install (CI installs them, so there every test runs); otherwise the server
 * starts before the file's tests and stops after them. Answers a getter: the server exists once
 * `beforeAll` ran.
 */
export function postgresForThisFile(): () => PostgresServer {
  test.skip(
    postgresBinDir() === null,
    'PostgreSQL binaries are not installed: run apt-get install postgresql',
  )
  let server: PostgresServer | undefined
  test.beforeAll(async () => {
    server = await startPostgres()
  })
  test.afterAll(async () => {
    await server?.stop()
  })
  return () => {
    if (server === undefined) throw new Error('The PostgreSQL server starts in beforeAll.')
    return server
  }
}
