import type { SendFailure } from '../../common/domain/message.js'

/**
 * The agent's sentence for a `TEMPLATESENDJOBFINISH` status other than `success` (reference §2.3):
 * `failed:user block` (the follower refuses the account's template messages) or
 * `failed: system failed` (WeChat's own failure, worth another try).
 */
export function templateJobFailureOf(status: string): SendFailure {
  const normalized = status.toLowerCase().replace(/\s+/g, ' ')
  if (normalized.includes('user block')) {
    return {
      code: 'template_blocked',
      message:
        'The follower has blocked template messages from this account, so WeChat did not deliver it. Wait for them to write.',
      isRetryable: false,
    }
  }
  if (normalized.includes('system')) {
    return {
      code: 'template_not_delivered',
      message: 'WeChat failed to deliver the template message on its side. Send it again later.',
      isRetryable: true,
    }
  }
  return {
    code: 'template_not_delivered',
    message: `WeChat did not deliver the template message (it answered “${status}”).`,
    isRetryable: false,
  }
}
