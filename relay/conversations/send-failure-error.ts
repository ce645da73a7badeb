import type { SendFailure } from '../../common/domain/message.js'
import { RELAY_ERROR_CODES, type RelayErrorCode } from '../../common/relay/errors.js'
import { RelayError } from '../relay-error.js'

const relayCodes: ReadonlySet<string> = new Set(RELAY_ERROR_CODES)

/**
 * A WeChat failure answered to a command that waits for WeChat (typing, uploads): the relay code when the
 * failure has one (`window_closed`, `not_configured`…), else `wechat_error`; the failure's own stable code
 * (`typing_no_interaction`, `wechat_unavailable`…) and errcode travel in `details.failure`.
 */
export function sendFailureError(failure: SendFailure): RelayError {
  const code = relayCodes.has(failure.code) ? (failure.code as RelayErrorCode) : 'wechat_error'
  return new RelayError(code, failure.message, { failure })
}
