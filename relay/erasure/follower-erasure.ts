import type { User } from '../../common/domain/user.js'
import type { ErasureReport } from '../../common/relay/data-schemas.js'
import { recordAudit, RELAY_ACTOR } from '../audit/record-audit.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { inBatches } from '../retention/in-batches.js'

/** Why a follower was erased: an admin acting on a request, or the relay on their unsubscribe. */
export type ErasureReason = 'request' | 'unsubscribe'

/** Erases one follower's data from the relay, its log and (through the log) every desktop. */
export interface FollowerErasure {
  /**
   * Erases the follower behind `conversationId` (admins, or the relay itself on unsubscribe). Resolves
   * once no event in the log carries anything of them, so a replay from any cursor after that is clean.
   */
  erase(
    actor: User | typeof RELAY_ACTOR,
    conversationId: string,
    reason: ErasureReason,
  ): Promise<ErasureReport>
}

/** Collaborators of the erasure. */
export interface FollowerErasureDependencies {
  /** Its commits publish their events. */
  readonly store: RelayStore
  readonly now: () => number
  /** Events scanned per transaction while the log is scrubbed (tests use small ones). */
  readonly batchSize?: number
}

/** Events scanned per transaction: a few milliseconds each, so webhooks keep flowing meanwhile. */
const DEFAULT_BATCH_SIZE = 2_000

/** Creates the erasure. */
export function createFollowerErasure(dependencies: FollowerErasureDependencies): FollowerErasure {
  const { store, now } = dependencies
  const batchSize = dependencies.batchSize ?? DEFAULT_BATCH_SIZE
  return {
    async erase(actor, conversationId, reason) {
      if (actor !== RELAY_ACTOR && !can(actor, 'follower:erase'))
        throw new RelayError('forbidden', "Only admins erase a follower's data.")
      // The rows and the `conversation.erased` commit together: from that instant no read, snapshot or
      // command finds the follower, and a desktop that applies the event drops its copy.
      const { erasedSeq, messages } = await store.commit(async (tx, events) => {
        if ((await tx.conversations.get(conversationId)) === null)
          throw new RelayError('not_found', `No conversation ${conversationId}.`)
        // The delivery would write the message row again after it is gone.
        if (await tx.followerData.hasPendingSend(conversationId))
          throw new RelayError(
            'conflict',
            'A reply to this follower is being delivered; erase it in a moment.',
          )
        const erased = await tx.followerData.erase(conversationId)
        // Their pictures, voice notes and videos go with them (a file another message holds stays).
        await tx.media.collectUnheld()
        const event = await tx.events.append({ type: 'conversation.erased', at: now(), conversationId })
        events.push(event)
        await recordAudit(tx, now(), {
          actor: actor === RELAY_ACTOR ? RELAY_ACTOR : actor.username,
          action: 'follower.erased',
          target: conversationId,
          details: { reason, messages: erased.messages },
        })
        return { erasedSeq: event.seq, messages: erased.messages }
      })
      // Then the log's older events of the follower, a batch per transaction. Until the last batch a
      // replaying desktop may still receive some, but it applies `conversation.erased` after them and
      // ends without the follower; snapshots read the (already erased) tables, never the log.
      let removed = 0
      await inBatches(0, erasedSeq - 1, batchSize, (from, to) =>
        store.transaction(async (tx) => {
          removed += await tx.followerData.deleteEventsOf(conversationId, from, to)
        }),
      )
      return { conversationId, messages, events: removed }
    },
  }
}
