import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino'

/** The relay's logger: one JSON line per record on stdout (pino), never a secret in it. */
export type RelayLogger = Logger

/** Options of the relay's logger. */
export interface LoggerOptions {
  /** `silent` for tests that only want the relay; LOG_LEVEL, else `info`, by default. */
  readonly level?: string
  /** Where the lines go; stdout by default (tests capture them in memory). */
  readonly destination?: DestinationStream
}

/**
 * Query strings carry what must never reach a log: the webhook's `signature`, `msg_signature`, `nonce`,
 * `echostr` and the follower's `openid`, or the `access_token` of a WeChat API call.
 */
const QUERY_IN_TEXT = /(\/[^\s?#"'<>]*)\?[^\s#"'<>]*/g

/** A URL or path with its query string dropped. */
export function pathOf(url: string): string {
  const start = url.indexOf('?')
  return start < 0 ? url : url.slice(0, start)
}

function withoutQueries(text: string): string {
  return text.replace(QUERY_IN_TEXT, '$1?…')
}

/** Creates the relay's JSON logger. */
export function createLogger(options: LoggerOptions = {}): RelayLogger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { service: 'kefu-relay' },
      redact: ['req.headers.authorization', 'password', 'token'],
      // Fastify logs requests through these (its own serializers give way to ours): a request, even one
      // logged by accident, is its method and path, never its URL, headers or body.
      serializers: {
        req: (request: {
          readonly method?: string
          readonly url?: string
          readonly routeOptions?: { readonly url?: string }
        }) => ({
          method: request.method,
          // A fastify request names its route's pattern: `:id`, not the openid in its place.
          path: request.routeOptions?.url ?? pathOf(request.url ?? ''),
        }),
        res: (reply: { readonly statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: (error: Error) => {
          const serialized = stdSerializers.err(error)
          // An error's text may quote the URL it failed on (a fetch to WeChat with its access token).
          return {
            ...serialized,
            message: withoutQueries(serialized.message),
            ...(serialized.stack === undefined ? {} : { stack: withoutQueries(serialized.stack) }),
          }
        },
      },
    },
    options.destination,
  )
}
