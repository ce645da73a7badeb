import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../../common/domain/reply-window.js'
import { replyWindowSchema } from '../../../common/relay/reply-window-schema.js'
import type { ReplicaStore } from '../replica/replica-store.js'

const META_KEY = 'replyWindow'

/**
 * The reply window the relay enforces, as its `sync:started` last named it, kept in the replica so a
 * console opened offline still shows the relay's quotas; WeChat's table until a relay named one.
 */
export const relayReplyWindow = {
  read(store: ReplicaStore): ReplyWindowConfig {
    const kept = store.meta(META_KEY)
    if (kept === null) return DEFAULT_REPLY_WINDOW_CONFIG
    const parsed = replyWindowSchema.safeParse(safeJson(kept))
    return parsed.success ? parsed.data : DEFAULT_REPLY_WINDOW_CONFIG
  },
  /** Keeps what the relay sent; null (nothing kept) when it is not a reply window. */
  keep(store: ReplicaStore, value: unknown): ReplyWindowConfig | null {
    const parsed = replyWindowSchema.safeParse(value)
    if (!parsed.success) return null
    store.setMeta(META_KEY, JSON.stringify(parsed.data))
    return parsed.data
  },
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
