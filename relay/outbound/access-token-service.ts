import type { AccessTokenCache, AccessTokenKind, CachedAccessToken } from '../store/access-token-cache.js'
import type { Awaiting } from '../store/awaiting.js'
import { exchangeWithWeChat } from './wechat-http.js'
import { ridOf } from './wechat-errors.js'

/** Why no token could be had: WeChat's errcode (bad AppSecret, IP not whitelisted…) or the network. */
export class AccessTokenError extends Error {
  /** WeChat's errcode, or null when WeChat could not be reached or answered garbage. */
  readonly errcode: number | null
  readonly rid: string | null

  constructor(message: string, errcode: number | null, rid: string | null) {
    super(message)
    this.name = 'AccessTokenError'
    this.errcode = errcode
    this.rid = rid
  }
}

/** Options of the token service. */
export interface AccessTokenServiceOptions {
  readonly apiBase: string
  readonly appId: string
  readonly appSecret: string
  /** `stable` (`/cgi-bin/stable_token`, the default) or `classic` (`/cgi-bin/token`). */
  readonly kind?: AccessTokenKind
  readonly cache: Awaiting<AccessTokenCache>
  readonly now?: () => number
  /** Fetch a new token this long before expiry, in the background; default 5 minutes. */
  readonly refreshAheadMs?: number
  readonly timeoutMs?: number
  /** Called after every fetch, for metrics and logs. */
  readonly onFetched?: (info: { readonly kind: AccessTokenKind; readonly isForced: boolean }) => void
  /**
   * Runs `work` while no other relay on the same database holds `key` (the store's `exclusively`):
   * a fetch, a renewal and its cache write happen once at a time across relays. Without it, one relay.
   */
  readonly exclusively?: <T>(key: string, work: () => Promise<T>) => Promise<T>
}

/** The relay's one access token. */
export interface AccessTokenService {
  /** The token in force: cached, or fetched once however many callers wait for it. */
  get(): Promise<string>
  /**
   * A call failed with 40001/40014/42001 using `failedToken`: expire it only if it is still the
   * cached one (compare-and-expire), and answer the token to retry with.
   */
  renew(failedToken: string): Promise<string>
  /** How many times WeChat was asked for a token (for tests and metrics). */
  readonly fetchCount: number
}

/** Never treat a token as usable in its last seconds: a call takes time to reach WeChat. */
const SAFETY_MS = 30_000
/** WeChat allows a forced stable refresh every 30 s (reference §3.1). */
const FORCED_REFRESH_SPACING_MS = 30_000

/**
 * The single token service (reference §3.1, §7 item 11): one cached token shared by every call,
 * single-flight fetches, refresh ahead of expiry, compare-and-expire on token errors.
 */
export function createAccessTokenService(options: AccessTokenServiceOptions): AccessTokenService {
  const kind = options.kind ?? 'stable'
  const now = options.now ?? Date.now
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const lockKey = `wechat-token:${options.appId}:${kind}`
  const exclusively = options.exclusively ?? ((_key, work) => work())
  let current: CachedAccessToken | null = null
  // The token a previous run (or another relay) cached: read once, before the first call needs one.
  const loaded = options.cache.read(options.appId, kind).then(
    (cached) => void (current ??= cached),
    () => undefined,
  )
  let inflight: Promise<string> | null = null
  let fetchCount = 0
  let nextBackgroundRefreshAt = 0
  let lastForcedAt = -Infinity

  const fetchToken = async (isForced: boolean): Promise<CachedAccessToken> => {
    fetchCount += 1
    options.onFetched?.({ kind, isForced })
    const base = options.apiBase.replace(/\/+$/, '')
    const outcome =
      kind === 'stable'
        ? await exchangeWithWeChat(
            `${base}/cgi-bin/stable_token`,
            {
              json: {
                grant_type: 'client_credential',
                appid: options.appId,
                secret: options.appSecret,
                force_refresh: isForced,
              },
            },
            timeoutMs,
          )
        : await exchangeWithWeChat(
            `${base}/cgi-bin/token?${new URLSearchParams({
              grant_type: 'client_credential',
              appid: options.appId,
              secret: options.appSecret,
            })}`,
            {},
            timeoutMs,
          )
    if (outcome.kind !== 'answer')
      throw new AccessTokenError(
        `token fetch failed: ${outcome.kind === 'file' ? 'a file' : outcome.detail}`,
        null,
        null,
      )
    const { answer } = outcome
    if (typeof answer['access_token'] !== 'string' || answer['access_token'] === '') {
      const errcode = typeof answer['errcode'] === 'number' ? answer['errcode'] : null
      const errmsg = String(answer['errmsg'] ?? '')
      throw new AccessTokenError(`WeChat refused the token: ${errcode} ${errmsg}`, errcode, ridOf(errmsg))
    }
    // expires_in is "a value within 7200 s" and may change: use it, never a constant (§3.1).
    const expiresIn = typeof answer['expires_in'] === 'number' ? answer['expires_in'] : 7200
    const fetchedAt = now()
    const token = { token: answer['access_token'], expiresAt: fetchedAt + expiresIn * 1000, fetchedAt }
    current = token
    // Written before the lock is let go, so the next relay to take it finds this token. A write that
    // fails (a full disk) costs neither the token in memory nor the send waiting for it.
    await options.cache.write(options.appId, kind, token).catch(() => undefined)
    return token
  }

  /** What another relay cached since: adopted when usable and not `unlessToken`. */
  const adoptCached = async (unlessToken: string | null): Promise<CachedAccessToken | null> => {
    const cached = await options.cache.read(options.appId, kind).catch(() => null)
    if (!isUsable(cached) || cached.token === unlessToken) return null
    if (current === null || cached.fetchedAt >= current.fetchedAt) current = cached
    return cached
  }

  /** A fetch, unless another relay fetched one while this one waited for the lock. */
  const fetchUnlessCached = (isBackground: boolean): Promise<string> =>
    exclusively(lockKey, async () => {
      const cached = await adoptCached(null)
      const isFreshEnough = cached !== null && (!isBackground || now() < cached.expiresAt - refreshAheadMs)
      return isFreshEnough ? cached.token : (await fetchToken(false)).token
    })

  /** Runs one fetch for everyone who asks while it is under way. */
  const singleFlight = (work: () => Promise<string>): Promise<string> => {
    if (inflight !== null) return inflight
    inflight = work().finally(() => {
      inflight = null
    })
    return inflight
  }

  const isUsable = (token: CachedAccessToken | null): token is CachedAccessToken =>
    token !== null && now() < token.expiresAt - SAFETY_MS

  return {
    get fetchCount() {
      return fetchCount
    },
    async get() {
      await loaded
      const token = current
      if (isUsable(token)) {
        const at = now()
        if (at >= token.expiresAt - refreshAheadMs && at >= nextBackgroundRefreshAt && inflight === null) {
          // Refresh in the background; callers keep the old token, still valid for minutes.
          nextBackgroundRefreshAt = at + 60_000
          void singleFlight(() => fetchUnlessCached(true)).catch(() => undefined)
        }
        return token.token
      }
      return singleFlight(() => fetchUnlessCached(false))
    },
    async renew(failedToken) {
      await loaded
      if (inflight !== null) await inflight.catch(() => undefined)
      if (current !== null && current.token !== failedToken && isUsable(current)) return current.token
      return singleFlight(() =>
        exclusively(lockKey, async () => {
          // Compare-and-expire: another caller, here or on another relay, may have renewed it already.
          if (current !== null && current.token !== failedToken && isUsable(current)) return current.token
          const renewedElsewhere = await adoptCached(failedToken)
          if (renewedElsewhere !== null) return renewedElsewhere.token
          await options.cache.expire(options.appId, kind, failedToken).catch(() => undefined)
          if (current?.token === failedToken) current = null
          const fetched = await fetchToken(false)
          if (fetched.token !== failedToken || kind === 'classic') return fetched.token
          // A normal stable fetch answers the same token while WeChat thinks it valid: force a new one.
          // WeChat allows one forced refresh per 30 s: within that, retry with what it handed out.
          if (now() - lastForcedAt < FORCED_REFRESH_SPACING_MS) return fetched.token
          lastForcedAt = now()
          return (await fetchToken(true)).token
        }),
      )
    },
  }
}
