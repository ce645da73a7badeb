import { conversationIdOfPush } from '../../common/domain/inbound.js'
import type { IngestPipeline } from '../ingest/ingest-pipeline.js'
import type { RelayLogger } from '../logger.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import type { RelayStore } from '../store/relay-store.js'

/** Reads followers' unionids from WeChat, off the webhook's path. */
export interface UnionIdLookup {
  /** After a stored push: looks the follower up once (per relay run) if no unionid is known yet. */
  observe(conversationId: string): void
  /** Resolves when no lookup is running (tests, shutdown). */
  idle(): Promise<void>
}

export interface UnionIdLookupDependencies {
  readonly store: RelayStore
  readonly sender: Pick<WeChatSender, 'userInfo'>
  readonly now: () => number
  readonly logger: RelayLogger
}

/**
 * The same person following two accounts is two conversations, which WeChat ties by the unionid of
 * `user/info` (accounts bound to one open platform). Each follower is asked once per relay run, in the
 * background: the webhook is answered first, a failed call only costs the link (logged), and a
 * conversation that has its unionid is never asked again. A found unionid is saved as a conversation
 * update, so every desktop's follower panel links the conversations that share it.
 */
export function createUnionIdLookup(dependencies: UnionIdLookupDependencies): UnionIdLookup {
  const { store, sender, now, logger } = dependencies
  const asked = new Set<string>()
  const running = new Set<Promise<void>>()

  async function lookUp(conversationId: string): Promise<void> {
    const known = await store.conversations.get(conversationId)
    if (known === null || known.unionId !== null) return
    const info = await sender.userInfo(conversationId)
    if (!info.ok) {
      logger.warn({ code: info.failure.code, wechatErrcode: info.failure.wechatErrcode }, 'user/info failed')
      asked.delete(conversationId)
      return
    }
    if (info.unionId === null) return
    const unionId = info.unionId
    await store.commit(async (tx, events) => {
      const conversation = await tx.conversations.get(conversationId)
      if (conversation === null || conversation.unionId === unionId) return
      const at = now()
      const updated = { ...conversation, unionId, version: conversation.version + 1, updatedAt: at }
      await tx.conversations.save(updated)
      events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
    })
  }

  return {
    observe(conversationId) {
      if (asked.has(conversationId)) return
      asked.add(conversationId)
      const work = lookUp(conversationId)
        .catch((error: unknown) => logger.warn({ err: error }, 'unionid lookup failed'))
        .finally(() => running.delete(work))
      running.add(work)
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running])
    },
  }
}

/** The ingest pipeline, each stored push then looked up (never delaying its answer). */
export function withUnionIdLookup(ingest: IngestPipeline, lookup: UnionIdLookup): IngestPipeline {
  return {
    async submit(push) {
      const outcome = await ingest.submit(push)
      if (outcome === 'stored') lookup.observe(conversationIdOfPush(push))
      return outcome
    },
    drain: () => ingest.drain(),
  }
}
