import { createRelay, type Relay } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { environmentWithConfigFile } from './config-file.js'
import { createLogger } from './logger.js'

/** `npm run relay`: configuration from the environment (and RELAY_CONFIG_FILE), then serve until SIGTERM or SIGINT. */
async function main(): Promise<void> {
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
  relay = await createRelay(config, { logger, onStoreFailed: () => stop('store failed', 1) })
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu-relay: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
