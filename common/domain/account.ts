import type { ReplyWindowConfig } from './reply-window.js'

/**
 * Official accounts and the conversations that belong to them. A follower's openid is unique within one
 * account only (a person following two accounts has two openids), so a conversation is identified by
 * (account, openid). Its id is built from the pair by the rule below, and read back by it: one place.
 */

/** The account of a relay configured by `WECHAT_*` alone, and of every conversation kept before accounts. */
export const DEFAULT_ACCOUNT_KEY = 'default'

/** An account's key: lower-case letters, digits and dashes, as it appears in `/wechat/<key>`. */
export const ACCOUNT_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/

/** An account as desktops know it: its key and the name the console shows. */
export interface AccountSummary {
  readonly key: string
  readonly name: string
  /** The window its followers' replies are held to, when the relay named it (its quotas may differ). */
  readonly replyWindow?: ReplyWindowConfig
}

/**
 * Whether something limited to `accountKeys` (a team, a tag, a canned reply) applies to a conversation
 * of `accountKey`: an empty list is every account.
 */
export function isWithinAccounts(accountKeys: readonly string[], accountKey: string): boolean {
  return accountKeys.length === 0 || accountKeys.includes(accountKey)
}

/** What an id stands for. */
export interface ConversationKey {
  readonly accountKey: string
  readonly openId: string
}

/**
 * The conversation id of `openId` in `accountKey`. The default account's conversations keep the bare
 * openid, which is what every conversation was before accounts: stored rows, the log and the desktops'
 * replicas stay valid with no rewrite and no resync. Others are `<key>:<openid>`; an openid never holds a
 * colon (WeChat's are base64url), so the two forms never collide.
 */
export function conversationIdOf(accountKey: string, openId: string): string {
  return accountKey === DEFAULT_ACCOUNT_KEY ? openId : `${accountKey}:${openId}`
}

/** The (account, openid) of a conversation id made by `conversationIdOf`. */
export function conversationKeyOf(conversationId: string): ConversationKey {
  const colon = conversationId.indexOf(':')
  if (colon < 0) return { accountKey: DEFAULT_ACCOUNT_KEY, openId: conversationId }
  return { accountKey: conversationId.slice(0, colon), openId: conversationId.slice(colon + 1) }
}
