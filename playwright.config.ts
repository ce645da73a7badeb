import { defineConfig } from '@playwright/test'

/** Debian's Chromium: Playwright's own browser downloads are unreachable on our machines. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** How every test and benchmark starts Chromium; without these flags it keeps dialling closed networks. */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}

/** Relay tests of what only the SQLite engine has: its file, disk, fsyncs and backups. */
const POSTGRES_LEAVES_OUT = /(power-cut|full-disk|crash|log-reset|restore-backup)\.test\.ts$/

/** One runner for every layer: unit and integration run in Node, e2e drives Chromium. */
export default defineConfig({
  testDir: 'test',
  timeout: 60_000,
  workers: 2,
  reporter: [['list']],
  forbidOnly: true,
  projects: [
    // Several relays on one database need PostgreSQL: integration/cluster runs in node-postgres alone.
    { name: 'node', testMatch: /(unit|integration)\/.*\.test\.ts$/, testIgnore: /integration\/cluster\// },
    {
      // The relay's integration tests again, each relay on a fresh database of a throwaway PostgreSQL
      // (test/support/store-engine.ts). Left out: what only a SQLite file has (its disk, its fsyncs, its
      // backups), and tests that read the file directly.
      name: 'node-postgres',
      testMatch:
        /integration\/(relay|shared-state|outbound|main|cluster|accounts|media|reports)\/.*\.test\.ts$/,
      testIgnore: POSTGRES_LEAVES_OUT,
      metadata: { storeEngine: 'postgres' },
    },
    {
      name: 'e2e',
      testMatch: /e2e\/.*\.test\.ts$/,
      use: { launchOptions: CHROMIUM_LAUNCH_OPTIONS },
    },
  ],
})
