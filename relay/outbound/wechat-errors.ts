import type { SendFailure } from '../../common/domain/message.js'

/** How the relay reacts to an errcode: refetch the token, retry later, or give up. */
export type ErrcodeAction = 'refresh_token' | 'retry' | 'stop'

/** One row of the errcode table (reference §3.7). */
export interface WeChatErrorRow {
  readonly code: string
  readonly action: ErrcodeAction
  /** A plain sentence for the agent: what happened and what to do next. */
  readonly message: string
}

/** Errcodes that mean the access token the call used is no longer valid (compare-and-expire, retry once). */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

/** Errcodes that are worth another try after a pause (system busy, rate limited). */
export const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([-1, 45011])

const rows: Readonly<Record<number, WeChatErrorRow>> = {
  [-1]: {
    code: 'wechat_busy',
    action: 'retry',
    message: 'WeChat was busy and did not take the message. Kefu tried again; send it again in a minute.',
  },
  40001: {
    code: 'token_invalid',
    action: 'refresh_token',
    message: 'The relay’s WeChat credential was rejected. Ask an admin to check the AppID and AppSecret.',
  },
  40014: {
    code: 'token_invalid',
    action: 'refresh_token',
    message: 'The relay’s WeChat credential was rejected. Ask an admin to check the AppID and AppSecret.',
  },
  42001: {
    code: 'token_invalid',
    action: 'refresh_token',
    message: 'The relay’s WeChat credential expired and could not be renewed. Ask an admin to check it.',
  },
  40003: {
    code: 'not_a_follower',
    action: 'stop',
    message:
      'This person does not follow the account (or belongs to another account). The message cannot reach them.',
  },
  43004: {
    code: 'unsubscribed',
    action: 'stop',
    message: 'The follower has unfollowed the account. Nothing can be sent until they follow again.',
  },
  45015: {
    code: 'window_closed',
    action: 'stop',
    message:
      'The reply window is closed (more than 48 hours since the follower wrote, or they unfollowed). Send a template message or wait for them to write.',
  },
  45047: {
    code: 'quota_exhausted',
    action: 'stop',
    message:
      'No messages left in this window. Wait for the follower to write again, or send a template message.',
  },
  45009: {
    code: 'daily_limit_reached',
    action: 'stop',
    message:
      'The account reached WeChat’s daily limit for this kind of call. Ask an admin; it resets tomorrow.',
  },
  45011: {
    code: 'rate_limited',
    action: 'retry',
    message: 'WeChat asked the relay to slow down. Kefu tried again; send it again in a minute.',
  },
  45008: {
    code: 'too_many_articles',
    action: 'stop',
    message: 'A news message may carry only one article. Remove the others and send again.',
  },
  45002: {
    code: 'content_too_long',
    action: 'stop',
    message: 'The message is longer than WeChat allows. Shorten it and send again.',
  },
  48001: {
    code: 'no_permission',
    action: 'stop',
    message:
      'The account lacks the permission for this message (customer-service messages need a verified service account). Ask an admin.',
  },
  40200: {
    code: 'invalid_account_type',
    action: 'stop',
    message: 'This account type cannot send this kind of message. Send plain text instead.',
  },
  40007: {
    code: 'invalid_media',
    action: 'stop',
    message: 'WeChat no longer knows this picture or file (media expires after 3 days). Upload it again.',
  },
  40008: {
    code: 'invalid_message_type',
    action: 'stop',
    message: 'WeChat does not accept this kind of message. Send it as text instead.',
  },
  47001: {
    code: 'invalid_message_format',
    action: 'stop',
    message: 'WeChat could not read the message. Report it to an admin with the time of sending.',
  },
  40164: {
    code: 'ip_not_whitelisted',
    action: 'stop',
    message:
      'The relay’s IP address is not on the account’s whitelist. Ask an admin to add it in the WeChat console.',
  },
  89503: {
    code: 'ip_needs_confirmation',
    action: 'stop',
    message:
      'WeChat wants an admin to confirm the relay’s new IP address. Ask an admin to confirm it, then resend.',
  },
  48002: {
    code: 'follower_refuses_messages',
    action: 'stop',
    message: 'The follower has turned off messages from this account. Nothing can be sent.',
  },
  43019: {
    code: 'follower_blocked',
    action: 'stop',
    message: 'The follower is on the account’s blacklist. Remove them from it before replying.',
  },
  40013: {
    code: 'invalid_app_id',
    action: 'stop',
    message: 'WeChat does not know the relay’s AppID. Ask an admin to check WECHAT_APPID.',
  },
  40125: {
    code: 'invalid_app_secret',
    action: 'stop',
    message: 'WeChat rejected the relay’s AppSecret. Ask an admin to check WECHAT_APPSECRET.',
  },
  45072: {
    code: 'typing_invalid',
    action: 'stop',
    message: 'WeChat rejected the typing indicator.',
  },
  45080: {
    code: 'typing_no_interaction',
    action: 'stop',
    message: 'The typing indicator needs the follower to have written in the last 30 seconds.',
  },
  45081: {
    code: 'typing_already_shown',
    action: 'stop',
    message: 'The follower already sees the typing indicator.',
  },
  44002: {
    code: 'invalid_message_format',
    action: 'stop',
    message: 'WeChat received an empty request. Report it to an admin with the time of sending.',
  },
}

/** The customer-service session errors (65400–65415, reference §4) share one sentence. */
const kfRow: WeChatErrorRow = {
  code: 'kf_account_error',
  action: 'stop',
  message: 'WeChat refused the customer-service persona set for you. Ask an admin to check your kf account.',
}

/** Pulls WeChat's request id (`rid: …` at the end of errmsg) out for the log. */
export function ridOf(errmsg: string): string | null {
  const match = /rid:\s*([\w-]+)/.exec(errmsg)
  return match?.[1] ?? null
}

/** The table row for an errcode; unknown codes get a generic row that keeps the number. */
export function wechatErrorRowOf(errcode: number): WeChatErrorRow {
  const row = rows[errcode]
  if (row !== undefined) return row
  if (errcode >= 65400 && errcode <= 65415) return kfRow
  return {
    code: 'wechat_error',
    action: 'stop',
    message: `WeChat refused the message (error ${errcode}). Try again later; if it persists, ask an admin.`,
  }
}

/** Translates a WeChat errcode into the failure the agent sees. */
export function wechatFailureOf(errcode: number): SendFailure {
  const row = wechatErrorRowOf(errcode)
  return {
    code: row.code,
    message: row.message,
    wechatErrcode: errcode,
    isRetryable: row.action !== 'stop' || errcode === 45009,
  }
}

/** Failures that happen before WeChat answers: network down, timeouts, or an unreadable answer. */
export const TRANSPORT_FAILURES = {
  unreachable: {
    code: 'wechat_unavailable',
    message: 'The relay could not reach WeChat. The message was not sent; try again in a minute.',
    isRetryable: true,
  },
  uncertain: {
    code: 'delivery_uncertain',
    message:
      'WeChat did not answer in time, so the message may or may not have arrived. Check with the follower before sending it again.',
    isRetryable: false,
  },
  badAnswer: {
    code: 'wechat_unavailable',
    message: 'WeChat gave an answer the relay could not read. Try again in a minute.',
    isRetryable: true,
  },
  /** An unreadable answer to a call that must not run twice: WeChat may have acted before it broke. */
  unreadable: {
    code: 'delivery_uncertain',
    message:
      'WeChat’s answer could not be read, so the message may or may not have arrived. Check with the follower before sending it again.',
    isRetryable: false,
  },
  notConfigured: {
    code: 'not_configured',
    message:
      'The relay has no WeChat credentials configured. Ask an admin to set WECHAT_APPID and WECHAT_APPSECRET.',
    isRetryable: false,
  },
} as const satisfies Record<string, SendFailure>
