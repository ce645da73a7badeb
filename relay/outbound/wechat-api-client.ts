import type { SendFailure } from '../../common/domain/message.js'
import { AccessTokenError, type AccessTokenService } from './access-token-service.js'
import { exchangeWithWeChat } from './wechat-http.js'
import {
  ridOf,
  TOKEN_ERRCODES,
  TRANSIENT_ERRCODES,
  TRANSPORT_FAILURES,
  wechatFailureOf,
} from './wechat-errors.js'

/** The answer of one API call after retries: WeChat's JSON, or the failure in the agent's words. */
export type WeChatCallResult =
  | {
      readonly ok: true
      readonly answer: Readonly<Record<string, unknown>>
      /** The file of a download (`acceptsFile`), when WeChat answered one instead of JSON. */
      readonly file?: { readonly data: Uint8Array; readonly contentType: string }
    }
  | { readonly ok: false; readonly failure: SendFailure; readonly rid: string | null }

/** How retries back off: `baseDelayMs · 2^n`, capped, at most `attempts` tries in all. */
export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

/** What the client logs: WeChat's rid with every refusal, so a ticket to WeChat can quote it. */
export interface WeChatCallLogger {
  warn(details: Record<string, unknown>, message: string): void
}

/** Options of the API client. */
export interface WeChatApiClientOptions {
  readonly apiBase: string
  readonly tokens: AccessTokenService
  readonly timeoutMs?: number
  readonly retry?: RetryPolicy
  readonly logger?: WeChatCallLogger
  /** Waits between retries; tests may shorten it. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** The retry policy in force by default: 3 tries, 0.5 s then 1 s apart (WxJava uses 1 s·2^n, max 5). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4000 }

/** One call to a WeChat API. */
export interface WeChatCall {
  /** Path after the API base, e.g. `/cgi-bin/message/custom/send`. */
  readonly path: string
  /** Extra query parameters besides the access token. */
  readonly query?: Readonly<Record<string, string>>
  readonly json?: unknown
  /** Built afresh for each try: a FormData body cannot be sent twice. */
  readonly form?: () => FormData
  /**
   * Whether doing it twice is harmless (typing, uploads, templates with client_msg_id). Only such
   * calls are retried after a timeout; a custom message is not, so it is never delivered twice.
   */
  readonly isIdempotent: boolean
  /**
   * WeChat answers this API with an `errcode` every time, 0 when it worked (custom/send, typing, template
   * send): an answer without one is unreadable, never a success. Uploads answer `media_id` and no errcode.
   */
  readonly hasErrcode?: boolean
  /** A download: a non-JSON answer is the file (`media/get`). */
  readonly acceptsFile?: boolean
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The WeChat API client: the shared token, bounded retries, errcodes translated, rids logged. */
export function createWeChatApiClient(options: WeChatApiClientOptions) {
  const base = options.apiBase.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 10_000
  const retry = options.retry ?? DEFAULT_RETRY_POLICY
  const sleep = options.sleep ?? defaultSleep

  const tokenFailure = (error: unknown): WeChatCallResult => {
    if (error instanceof AccessTokenError && error.errcode !== null) {
      options.logger?.warn({ errcode: error.errcode, rid: error.rid }, 'WeChat refused the access token')
      return { ok: false, failure: wechatFailureOf(error.errcode), rid: error.rid }
    }
    options.logger?.warn({ error: String(error) }, 'no access token')
    return { ok: false, failure: TRANSPORT_FAILURES.unreachable, rid: null }
  }

  return {
    /** Calls one API with the shared token; never throws. */
    async call(call: WeChatCall): Promise<WeChatCallResult> {
      let token: string
      try {
        token = await options.tokens.get()
      } catch (error) {
        return tokenFailure(error)
      }
      let hasRenewedToken = false
      let lastFailure: WeChatCallResult | null = null
      for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
        if (attempt > 1) await sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 2)))
        const query = new URLSearchParams({ access_token: token, ...call.query })
        const outcome = await exchangeWithWeChat(
          `${base}${call.path}?${query}`,
          { json: call.json, form: call.form?.(), acceptsFile: call.acceptsFile },
          timeoutMs,
        )
        if (outcome.kind === 'file') {
          return { ok: true, answer: {}, file: { data: outcome.data, contentType: outcome.contentType } }
        }
        if (outcome.kind === 'timeout') {
          options.logger?.warn(
            { path: call.path, attempt, detail: outcome.detail },
            'WeChat did not answer in time',
          )
          lastFailure = { ok: false, failure: TRANSPORT_FAILURES.uncertain, rid: null }
          if (!call.isIdempotent) return lastFailure
          lastFailure = { ok: false, failure: TRANSPORT_FAILURES.unreachable, rid: null }
          continue
        }
        const errcode = outcome.kind === 'answer' ? errcodeOf(outcome.answer, call) : null
        if (outcome.kind === 'unreachable' || outcome.kind === 'bad_answer' || errcode === null) {
          const detail = outcome.kind === 'answer' ? 'an answer without a numeric errcode' : outcome.detail
          options.logger?.warn({ path: call.path, attempt, detail }, 'WeChat call failed')
          if (outcome.kind === 'unreachable') {
            lastFailure = { ok: false, failure: TRANSPORT_FAILURES.unreachable, rid: null }
            continue
          }
          // A proxy's error page, a cut-off body or a reply missing its errcode may follow a request WeChat
          // did act on: what must not run twice is neither retried nor given back as "not sent".
          if (!call.isIdempotent) return { ok: false, failure: TRANSPORT_FAILURES.unreadable, rid: null }
          lastFailure = { ok: false, failure: TRANSPORT_FAILURES.badAnswer, rid: null }
          continue
        }
        if (errcode === 0) return { ok: true, answer: outcome.answer }
        const errmsg = String(outcome.answer['errmsg'] ?? '')
        const rid = ridOf(errmsg)
        options.logger?.warn({ path: call.path, attempt, errcode, errmsg, rid }, 'WeChat refused the call')
        if (TOKEN_ERRCODES.has(errcode) && !hasRenewedToken) {
          // Renew once and retry; the retry does not count against the busy/timeout budget.
          hasRenewedToken = true
          try {
            token = await options.tokens.renew(token)
          } catch (error) {
            return tokenFailure(error)
          }
          attempt -= 1
          continue
        }
        lastFailure = { ok: false, failure: wechatFailureOf(errcode), rid }
        if (!TRANSIENT_ERRCODES.has(errcode)) return lastFailure
      }
      return lastFailure ?? { ok: false, failure: TRANSPORT_FAILURES.unreachable, rid: null }
    },
  }
}

/**
 * The errcode of an answer: 0 when absent from an API that omits it on success, null when the answer
 * cannot be read as one (absent where it is always sent, or not a whole number).
 */
function errcodeOf(answer: Readonly<Record<string, unknown>>, call: WeChatCall): number | null {
  const errcode = answer['errcode']
  if (errcode === undefined) return call.hasErrcode === true ? null : 0
  return Number.isSafeInteger(errcode) ? (errcode as number) : null
}

/** The WeChat API client. */
export type WeChatApiClient = ReturnType<typeof createWeChatApiClient>
