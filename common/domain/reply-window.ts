import type { windowHistorySchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/**
 * The customer-service reply window: WeChat's table (reference §2.4) as one pure policy, used by the
 * relay to refuse sends early and by the console to draw countdowns and "messages left".
 */

/** What opened a window. */
export type WindowOpener = 'message' | 'event' | 'payment'

/** How long and how many messages each opener allows; quota `null` means unlimited. */
export interface WindowRule {
  readonly durationMs: number
  readonly quota: number | null
}

/** Quotas are configuration: WeChat changed them in 2023 (20 → 5) and may again. */
export type ReplyWindowConfig = Readonly<Record<WindowOpener, WindowRule>>

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** WeChat's current table for service accounts. */
/** The window each account's conversations are held to (its quotas may be its own). */
export type ReplyWindowOf = (accountKey: string) => ReplyWindowConfig

/** `config` with other quotas after a follower message and after an event (an account's own). */
export function withQuotas(
  config: ReplyWindowConfig,
  quotas: { readonly message?: number; readonly event?: number },
): ReplyWindowConfig {
  return {
    ...config,
    message: { ...config.message, quota: quotas.message ?? config.message.quota },
    event: { ...config.event, quota: quotas.event ?? config.event.quota },
  }
}

export const DEFAULT_REPLY_WINDOW_CONFIG: ReplyWindowConfig = {
  message: { durationMs: 48 * HOUR, quota: 5 },
  event: { durationMs: 1 * MINUTE, quota: 3 },
  payment: { durationMs: 48 * HOUR, quota: null },
}

/** The facts the policy needs: the latest opening of each kind, sends, and the follow state (the contract's). */
export type WindowHistory = Wire<typeof windowHistorySchema>

/**
 * The window as the inbox shows it: `open` (a send would be taken), `quota_exhausted` (in time, every
 * message used) or `closed` (never opened, expired or unsubscribed).
 */
export interface ReplyWindow {
  readonly state: 'open' | 'quota_exhausted' | 'closed'
  /** What opened the window in force; null when closed. */
  readonly kind: WindowOpener | null
  readonly openedAt: number | null
  readonly expiresAt: number | null
  /** Messages allowed in this window; null = unlimited. */
  readonly quota: number | null
  readonly used: number
  readonly closedReason: 'never_opened' | 'expired' | 'unsubscribed' | null
}

/** The window a send at `now` falls into. Each new opener resets the count (reference §2.4). */
export function replyWindowAt(
  history: WindowHistory,
  now: number,
  config: ReplyWindowConfig = DEFAULT_REPLY_WINDOW_CONFIG,
): ReplyWindow {
  const openings = (Object.keys(history.lastOpenedAt) as WindowOpener[]).map((kind) => {
    const openedAt = history.lastOpenedAt[kind] as number
    const rule = config[kind]
    const used = history.sendTimes.filter((t) => t >= openedAt && t <= now).length
    return { kind, openedAt, expiresAt: openedAt + rule.durationMs, quota: rule.quota, used }
  })
  if (history.isUnsubscribed) return closed('unsubscribed')
  // An opening stamped after `now` is already known, so it is in force: WeChat's CreateTime comes from
  // another clock than the agent's, and the inbox evaluates at a coarse tick (15 s buckets).
  const inTime = openings.filter((w) => now < w.expiresAt)
  if (inTime.length === 0) return closed(openings.length === 0 ? 'never_opened' : 'expired')
  // Of several windows in force, the one that lasts longest serves the follower best.
  const byExpiry = [...inTime].sort((a, b) => b.expiresAt - a.expiresAt)
  const usable = byExpiry.find((w) => w.quota === null || w.used < w.quota)
  if (usable !== undefined) return { ...usable, state: 'open', closedReason: null }
  return { ...byExpiry[0]!, state: 'quota_exhausted', closedReason: null }
}

/** Why a send at `now` would be refused, or null when WeChat would take it. */
export function sendRefusalAt(
  history: WindowHistory,
  now: number,
  config: ReplyWindowConfig = DEFAULT_REPLY_WINDOW_CONFIG,
): 'window_closed' | 'quota_exhausted' | null {
  const window = replyWindowAt(history, now, config)
  if (window.state === 'open') return null
  return window.state === 'quota_exhausted' ? 'quota_exhausted' : 'window_closed'
}

/** Milliseconds left before the window closes (0 unless open). */
export function timeLeftMs(window: ReplyWindow, now: number): number {
  if (window.state !== 'open' || window.expiresAt === null) return 0
  return Math.max(0, window.expiresAt - now)
}

/** Messages still allowed, null = unlimited. */
export function messagesLeft(window: ReplyWindow): number | null {
  if (window.state !== 'open') return 0
  return window.quota === null ? null : Math.max(0, window.quota - window.used)
}

function closed(reason: NonNullable<ReplyWindow['closedReason']>): ReplyWindow {
  return {
    state: 'closed',
    kind: null,
    openedAt: null,
    expiresAt: null,
    quota: null,
    used: 0,
    closedReason: reason,
  }
}
