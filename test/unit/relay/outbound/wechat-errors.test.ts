import { expect, test } from '@playwright/test'
import { ridOf, wechatErrorRowOf, wechatFailureOf } from '../../../../relay/outbound/wechat-errors.js'

test('every errcode of reference §3.7 has its own stable code and a sentence saying what to do', () => {
  const expected: Record<number, string> = {
    [-1]: 'wechat_busy',
    40001: 'token_invalid',
    40014: 'token_invalid',
    42001: 'token_invalid',
    40003: 'not_a_follower',
    43004: 'unsubscribed',
    45015: 'window_closed',
    45047: 'quota_exhausted',
    45009: 'daily_limit_reached',
    45011: 'rate_limited',
    45008: 'too_many_articles',
    48001: 'no_permission',
    40200: 'invalid_account_type',
    45072: 'typing_invalid',
    45080: 'typing_no_interaction',
    45081: 'typing_already_shown',
    40007: 'invalid_media',
    40164: 'ip_not_whitelisted',
    48002: 'follower_refuses_messages',
    43019: 'follower_blocked',
    65400: 'kf_account_error',
    65415: 'kf_account_error',
  }
  for (const [errcode, code] of Object.entries(expected)) {
    const failure = wechatFailureOf(Number(errcode))
    expect(failure.code, `errcode ${errcode}`).toBe(code)
    expect(failure.wechatErrcode).toBe(Number(errcode))
    expect(failure.message.length).toBeGreaterThan(20)
    expect(failure.message.endsWith('.')).toBe(true)
  }
  expect(wechatFailureOf(45015).message).toContain('template')
  expect(wechatFailureOf(-1).isRetryable).toBe(true)
  expect(wechatFailureOf(43004).isRetryable).toBe(false)
  expect(wechatErrorRowOf(40001).action).toBe('refresh_token')
  expect(wechatErrorRowOf(45011).action).toBe('retry')
})

test('an unknown errcode keeps its number for the agent', () => {
  expect(wechatFailureOf(99999)).toMatchObject({ code: 'wechat_error', wechatErrcode: 99999 })
  expect(wechatFailureOf(99999).message).toContain('99999')
})

test("WeChat's rid is pulled out of errmsg for the log", () => {
  expect(ridOf('out of response count limit rid: 64a774ce-020c072d-6c820ec0')).toBe(
    '64a774ce-020c072d-6c820ec0',
  )
  expect(ridOf('ok')).toBeNull()
})
