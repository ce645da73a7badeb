import { z } from 'zod'
import type { Wire } from './wire-type.js'

/** Stable error codes of the relay's API, REST and socket alike: `{error: {code, message}}`. */
export const RELAY_ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'window_closed',
  'quota_exhausted',
  'payload_too_large',
  'unsupported_media_type',
  'wechat_error',
  'not_configured',
  'rate_limited',
  'unavailable',
  'internal',
] as const

/** One of the relay's stable error codes. */
export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[number]

/** The body of every relay error. `details` carries e.g. the current state on a `conflict`. */
export const relayErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(RELAY_ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})

/** The body of every relay error. */
export type RelayErrorBody = Wire<typeof relayErrorBodySchema>

/** HTTP status for each code, so REST and docs agree. */
export const HTTP_STATUS_OF: Readonly<Record<RelayErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  window_closed: 422,
  quota_exhausted: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  wechat_error: 502,
  not_configured: 503,
  rate_limited: 429,
  // The relay's store cannot write (disk full or failing): nothing was changed, the same request may succeed later.
  unavailable: 503,
  internal: 500,
}
