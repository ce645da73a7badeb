import type { FastifyError, FastifyInstance } from 'fastify'
import { HTTP_STATUS_OF, type RelayErrorCode } from '../../common/relay/errors.js'
import { pathOf, type RelayLogger } from '../logger.js'
import { RelayError } from '../relay-error.js'
import { StoreUnavailableError, storeFailureKindOf } from '../store/store-health.js'

/**
 * The relay error a thrown value becomes: ours as is, a store that cannot answer `unavailable`, fastify's
 * 4xx by status, anything else `internal`.
 */
export function relayErrorOf(error: unknown): RelayError {
  if (error instanceof RelayError) return error
  // A read the database could not answer (writes are translated by the store's health already).
  const storeFailure = storeFailureKindOf(error)
  if (storeFailure !== null) return new StoreUnavailableError(storeFailure, error)
  const statusCode = (error as Partial<FastifyError>).statusCode
  const code = codeOfStatus(statusCode)
  if (code === 'internal') return new RelayError('internal', 'The relay failed; the error is in its log.')
  return new RelayError(code, (error as Error).message)
}

function codeOfStatus(statusCode: number | undefined): RelayErrorCode {
  switch (statusCode) {
    case 400:
      return 'invalid'
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 413:
      return 'payload_too_large'
    case 415:
      return 'unsupported_media_type'
    default:
      return statusCode !== undefined && statusCode >= 400 && statusCode < 500 ? 'invalid' : 'internal'
  }
}

/** Answers every error as `{error: {code, message}}` and every unknown route as 404 `not_found`. */
export function installErrorHandling(app: FastifyInstance, logger: RelayLogger): void {
  app.setErrorHandler((error, request, reply) => {
    const relayError = relayErrorOf(error)
    // The route's pattern, never the URL: a query may carry a credential, and a path the openid that is
    // a conversation's id (`/api/conversations/:id/messages`).
    if (relayError.code === 'internal') {
      const path = request.routeOptions.url ?? pathOf(request.url)
      logger.error({ err: error, method: request.method, path }, 'request failed')
    }
    // A throttled sign-in says when to try again, in the header clients and proxies read.
    const retryAfterSeconds = (relayError.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds
    if (relayError.code === 'rate_limited' && typeof retryAfterSeconds === 'number')
      void reply.header('retry-after', String(retryAfterSeconds))
    return reply.status(HTTP_STATUS_OF[relayError.code]).send(relayError.toBody())
  })
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(new RelayError('not_found', `No route ${request.method} ${pathOf(request.url)}.`).toBody()),
  )
}
