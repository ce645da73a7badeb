import type { Conversation } from '../../common/domain/conversation.js'
import { messagesLeft, replyWindowAt, type ReplyWindowOf } from '../../common/domain/reply-window.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { AutomaticOutbox } from '../auto-replies/auto-reply-runner.js'
import type { RelayLogger } from '../logger.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { teamOfConversationIn } from '../teams/team-of-conversation.js'

/** Asks followers to rate a ticket when it is resolved, by the team's policy. */
export interface RatingQuestions {
  /** Looks at a commit's events for tickets just resolved; asks in the background. */
  observe(events: readonly RelayEvent[]): void
  /** Resolves once every question asked so far is settled (tests). */
  settle(): Promise<void>
}

/** Collaborators of the rating question. */
export interface RatingQuestionDependencies {
  readonly store: RelayStore
  readonly outbox: AutomaticOutbox
  readonly replyWindowOf: ReplyWindowOf
  readonly now: () => number
  readonly logger: RelayLogger
}

/**
 * A ticket resolved (by an agent or by auto-resolve: both leave the same activity line) in a team that
 * asks for ratings gets the team's question, only while the window is open with at least one message of
 * quota left beyond the question itself, so asking never spends the team's last reply. The question
 * then waits for the follower's next message (relay/ingest/apply-push.ts reads the answer). The client
 * id names the ticket: a second relay hearing the same commit never asks twice.
 */
export function createRatingQuestions(dependencies: RatingQuestionDependencies): RatingQuestions {
  const { store, outbox, replyWindowOf, now, logger } = dependencies
  let pending: Promise<void> = Promise.resolve()

  async function ask(conversationId: string): Promise<void> {
    const conversation = await store.conversations.get(conversationId)
    if (conversation === null || conversation.status !== 'resolved') return
    const team = await teamOfConversationIn(store, conversation)
    const policy = team?.satisfaction ?? null
    if (policy === null || !policy.isEnabled || !hasRoomToAsk(conversation)) return
    const at = now()
    await outbox.send({
      conversationId,
      clientMessageId: `rating-question-${conversation.ticketNumber}`,
      body: { type: 'text', text: policy.question },
      sender: null,
      isAutomatic: true,
    })
    await store.commit(async (tx, events) => {
      const current = await tx.conversations.get(conversationId)
      if (
        current === null ||
        current.status !== 'resolved' ||
        current.ticketNumber !== conversation.ticketNumber
      )
        return
      const updated: Conversation = {
        ...current,
        ratingQuestion: {
          ticketNumber: current.ticketNumber,
          askedAt: at,
          answerBy: at + policy.answerWithinHours * 3_600_000,
        },
        version: current.version + 1,
        updatedAt: at,
      }
      await tx.conversations.save(updated)
      events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
    })
    logger.info({ ticketNumber: conversation.ticketNumber }, 'rating question sent')
  }

  function hasRoomToAsk(conversation: Conversation): boolean {
    const window = replyWindowAt(conversation.windowHistory, now(), replyWindowOf(conversation.accountKey))
    if (window.state !== 'open') return false
    const left = messagesLeft(window)
    return left === null || left >= 2
  }

  return {
    observe(events) {
      for (const event of events) {
        if (
          event.type !== 'message.created' ||
          event.message.body.type !== 'activity' ||
          event.message.body.action !== 'status_changed' ||
          event.message.body.detail !== 'resolved'
        )
          continue
        const conversationId = event.conversation.id
        pending = pending
          .then(() => ask(conversationId))
          .catch((error: unknown) => {
            // A question WeChat refused, or one another relay asked first: the ticket stays resolved.
            const code = error instanceof RelayError ? error.code : 'internal'
            logger.warn({ code }, 'rating question not sent')
          })
      }
    },
    settle: () => pending,
  }
}
