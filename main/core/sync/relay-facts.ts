import type { z } from 'zod'
import type { AccountSummary } from '../../../common/domain/account.js'
import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../../common/domain/reply-window.js'
import { accountSummariesSchema } from '../../../common/relay/event-schemas.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import { replyWindowSchema } from '../../../common/relay/reply-window-schema.js'
import type { ReplicaStore } from '../replica/replica-store.js'

/** A fact of the relay's configuration that its `sync:started` names, kept for a console opened offline. */
export interface RelayFact<T> {
  /** What the relay last named, or the fallback until one did. */
  read(store: ReplicaStore): T
  /** Keeps what the relay sent; null (nothing kept) when it does not parse. */
  keep(store: ReplicaStore, value: unknown): T | null
}

/** A fact kept in the replica's meta under `key`. */
function relayFact<T>(key: string, schema: z.ZodType<T>, fallback: T): RelayFact<T> {
  return {
    read(store) {
      const kept = store.meta(key)
      if (kept === null) return fallback
      const parsed = schema.safeParse(safeJson(kept))
      return parsed.success ? parsed.data : fallback
    },
    keep(store, value) {
      const parsed = schema.safeParse(value)
      if (!parsed.success) return null
      store.setMeta(key, JSON.stringify(parsed.data))
      return parsed.data
    },
  }
}

/** The reply window the relay enforces: its quotas, WeChat's table until a relay named one. */
export const relayReplyWindow: RelayFact<ReplyWindowConfig> = relayFact(
  'replyWindow',
  replyWindowSchema,
  DEFAULT_REPLY_WINDOW_CONFIG,
)

/** The official accounts the relay serves, for the inbox's account names and filter; none until named. */
export const relayAccounts: RelayFact<readonly AccountSummary[]> = relayFact(
  'accounts',
  accountSummariesSchema,
  [],
)

/** The served accounts after admins' changes: added or renamed in place, gone once disabled. */
export function accountsAfter(
  accounts: readonly AccountSummary[],
  changes: readonly Extract<RelayEvent, { type: 'account.upserted' }>[],
): AccountSummary[] {
  let next = [...accounts]
  for (const { account } of changes) {
    const index = next.findIndex((each) => each.key === account.key)
    if (!account.isEnabled) next = next.filter((each) => each.key !== account.key)
    else if (index < 0) next.push({ key: account.key, name: account.name })
    // Renamed: what else the relay named of it (its window) stays until it names it again.
    else next[index] = { ...next[index]!, name: account.name }
  }
  return next
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
