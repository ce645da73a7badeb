import { pino, type Logger } from 'pino'

/** The relay's logger: one JSON line per record on stdout (pino), never a secret in it. */
export type RelayLogger = Logger

/** Creates the relay's JSON logger; `level: 'silent'` for tests that only want the relay. */
export function createLogger(options: { readonly level?: string } = {}): RelayLogger {
  return pino({
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: 'kefu-relay' },
    redact: ['req.headers.authorization', 'password', 'token'],
  })
}
