import type { AccessTokenCache, AccessTokenKind } from '../store/access-token-cache.js'
import type { Awaiting } from '../store/awaiting.js'
import {
  createAccessTokenService,
  type AccessTokenService,
  type AccessTokenServiceOptions,
} from './access-token-service.js'
import { createWeChatApiClient, type RetryPolicy, type WeChatCallLogger } from './wechat-api-client.js'
import { TRANSPORT_FAILURES } from './wechat-errors.js'
import type { WeChatSender } from './wechat-sender.js'
import { createWeChatSender } from './wechat-sender-service.js'

/** What the relay needs to talk to WeChat; null credentials give a sender that explains why it cannot. */
export interface WeChatOutboundOptions {
  readonly apiBase: string
  readonly appId: string | null
  readonly appSecret: string | null
  /** Where the one token is kept between calls, restarts and relays (the store's). */
  readonly cache: Awaiting<AccessTokenCache>
  /** The store's lock across relays, so one of them at a time fetches the token. */
  readonly exclusively?: AccessTokenServiceOptions['exclusively']
  readonly tokenKind?: AccessTokenKind
  readonly logger?: WeChatCallLogger
  readonly now?: () => number
  readonly timeoutMs?: number
  readonly retry?: RetryPolicy
  readonly imageLimitBytes?: number
}

/** The relay's way out: the one token service and the sender built on it. */
export interface WeChatOutbound {
  readonly sender: WeChatSender
  /** Null when no credentials are configured. */
  readonly tokens: AccessTokenService | null
}

/** Wires the token cache (SQLite), the token service, the API client and the sender together. */
export function createWeChatOutbound(options: WeChatOutboundOptions): WeChatOutbound {
  if (options.appId === null || options.appSecret === null) {
    const notConfigured = { ok: false as const, failure: TRANSPORT_FAILURES.notConfigured }
    return {
      tokens: null,
      sender: {
        deliver: async () => notConfigured,
        typing: async () => notConfigured,
        userInfo: async () => notConfigured,
        uploadMedia: async () => notConfigured,
        downloadMedia: async () => notConfigured,
        callAccountApi: async () => notConfigured,
      },
    }
  }
  const tokens = createAccessTokenService({
    apiBase: options.apiBase,
    appId: options.appId,
    appSecret: options.appSecret,
    kind: options.tokenKind ?? 'stable',
    cache: options.cache,
    exclusively: options.exclusively,
    now: options.now,
  })
  const client = createWeChatApiClient({
    apiBase: options.apiBase,
    tokens,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    logger: options.logger,
  })
  return { tokens, sender: createWeChatSender({ client, imageLimitBytes: options.imageLimitBytes }) }
}
