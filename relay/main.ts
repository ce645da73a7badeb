import { AccountSecretsError } from './accounts/account-registry.js'
import { createRelay, type Relay } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { environmentWithConfigFile } from './config-file.js'
import { createLogger } from './logger.js'
import { copyRelayToPostgres, StoreCopyError } from './store/postgres/copy-to-postgres.js'
import { backupRelayDatabase, restoreRelayDatabase, StoreBackupError } from './store/store-backup.js'

const USAGE = `usage: kefu-relay            serve (configured by the environment)
       kefu-relay backup <file>   copy the database of the relay in RELAY_DATA_DIR, safe while it runs
       kefu-relay restore <file>  with the relay stopped, make a backup its database
       kefu-relay migrate --to <postgres://…>
                                  with the relay stopped, copy its database into a new PostgreSQL one
`

/**
 * `npm run relay`: configuration from the environment (and RELAY_CONFIG_FILE), then serve until SIGTERM
 * or SIGINT; `backup <file>` and `restore <file>` work on the database in RELAY_DATA_DIR and exit.
 */
async function main(): Promise<void> {
  const [command, ...operands] = process.argv.slice(2)
  if (command !== undefined) return runCommand(command, operands)
  const logger = createLogger()
  let config
  try {
    config = loadConfig(environmentWithConfigFile(process.env))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    logger.fatal({ variable: error.variable }, `configuration error: ${error.message}`)
    process.stderr.write(`kefu-relay: ${error.message}\n`)
    process.exit(2)
  }
  let relay: Relay | null = null
  const stop = (signal: string, exitCode = 0): void => {
    logger.info({ signal }, 'stopping')
    if (relay === null) process.exit(exitCode)
    relay.close().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed')
        process.exit(1)
      },
    )
  }
  // After a failed fsync only a restart can vouch for the database again: exit non-zero, so the
  // supervisor (systemd's Restart=on-failure, Docker's restart policy) starts a fresh relay.
  try {
    relay = await createRelay(config, { logger, onStoreFailed: () => stop('store failed', 1) })
  } catch (error) {
    if (!(error instanceof AccountSecretsError)) throw error
    logger.fatal({ variable: error.variable }, `configuration error: ${error.message}`)
    process.stderr.write(`kefu-relay: RELAY_SECRET_KEY: ${error.message}\n`)
    process.exit(2)
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

/** Runs `backup`, `restore` or `migrate` against the configured data directory; the outcome is one plain line. */
async function runCommand(command: string, operands: readonly string[]): Promise<void> {
  const file = operands[0]
  const isMigrate = command === 'migrate' && operands.length === 2 && operands[0] === '--to'
  const isFileCommand =
    (command === 'backup' || command === 'restore') && file !== undefined && operands.length === 1
  if (!isMigrate && !isFileCommand) {
    process.stderr.write(USAGE)
    process.exit(2)
  }
  const dataDir = configuredDataDir()
  if (isMigrate) return migrateTo(dataDir, operands[1]!)
  try {
    if (command === 'backup') {
      const backup = backupRelayDatabase(dataDir, file!)
      process.stdout.write(
        `kefu-relay: backed up ${dataDir} to ${backup.file} (${backup.bytes} bytes, log up to seq ${backup.head}); restored, it starts a new log and desktops resync\n`,
      )
    } else {
      const restore = restoreRelayDatabase(dataDir, file!)
      process.stdout.write(
        `kefu-relay: restored ${file} into ${dataDir} (log up to seq ${restore.head}, a new log identity at the next start)${restore.previous === null ? '' : `; the database it replaced is at ${restore.previous}`}\n`,
      )
    }
  } catch (error) {
    if (!(error instanceof StoreBackupError)) throw error
    process.stderr.write(`kefu-relay: ${error.message}\n`)
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu-relay: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

/** RELAY_DATA_DIR as the relay would read it; a configuration error ends the command. */
function configuredDataDir(): string {
  try {
    return loadConfig(environmentWithConfigFile(process.env)).dataDir
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`kefu-relay: ${error.message}\n`)
    process.exit(2)
  }
}

/** `migrate --to <url>`: the SQLite relay's data into a new PostgreSQL database, ids and `seq` kept. */
async function migrateTo(dataDir: string, url: string): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write(`kefu-relay: ${url} is not a PostgreSQL URL (postgres://user@host:port/database)\n`)
    process.exit(2)
  }
  try {
    const report = await copyRelayToPostgres(dataDir, url)
    const total = Object.values(report.rows).reduce((sum, rows) => sum + rows, 0)
    process.stdout.write(
      `kefu-relay: copied ${dataDir} into PostgreSQL (${total} row${total === 1 ? '' : 's'} in ${Object.keys(report.rows).length} tables, log up to seq ${report.head}, log identity kept); desktops go on from their cursors\n`,
    )
  } catch (error) {
    if (!(error instanceof StoreCopyError)) throw error
    process.stderr.write(`kefu-relay: ${error.message}\n`)
    process.exit(1)
  }
}
