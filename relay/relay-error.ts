import type { RelayErrorBody, RelayErrorCode } from '../common/relay/errors.js'

/** A refusal with a stable code, answered as `{error: {code, message, details}}` on REST and socket alike. */
export class RelayError extends Error {
  readonly code: RelayErrorCode
  readonly details: unknown

  constructor(code: RelayErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'RelayError'
    this.code = code
    this.details = details
  }

  /** The wire body of this error. */
  toBody(): RelayErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    }
  }
}
