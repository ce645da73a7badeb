import { conversationIdOfPush } from '../../common/domain/inbound.js'
import type { IngestPipeline } from '../ingest/ingest-pipeline.js'
import type { RelayLogger } from '../logger.js'
import { RELAY_ACTOR } from '../audit/record-audit.js'
import type { FollowerErasure } from './follower-erasure.js'

/**
 * `RELAY_ERASE_ON_UNSUBSCRIBE=true`: a follower's unsubscribe erases them once it is stored. The
 * webhook is answered first (the erasure scans the log in the background); a WeChat retry of the same
 * push finds its dedupe row gone, is stored as a new conversation and is erased again, so it converges.
 */
export function withErasureOnUnsubscribe(
  ingest: IngestPipeline,
  erasure: FollowerErasure,
  logger: RelayLogger,
): IngestPipeline {
  return {
    async submit(push) {
      const outcome = await ingest.submit(push)
      if (outcome === 'stored' && push.kind === 'event' && push.body.event === 'unsubscribe') {
        erasure
          .erase(RELAY_ACTOR, conversationIdOfPush(push), 'unsubscribe')
          .catch((error: unknown) => logger.error({ err: error }, 'erasure on unsubscribe failed'))
      }
      return outcome
    },
    drain: () => ingest.drain(),
  }
}
