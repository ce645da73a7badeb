import { createHash } from 'node:crypto'
import type { BusinessHours } from '../../common/domain/business-hours.js'
import { conversationIdOfPush, dedupeKeyOf, type InboundPush } from '../../common/domain/inbound.js'
import type { Message } from '../../common/domain/message.js'
import type { OutgoingRequest } from '../conversations/conversation-service.js'
import type { IngestPipeline } from '../ingest/ingest-pipeline.js'
import { RelayError } from '../relay-error.js'
import { autoReplyFor } from './auto-reply-for.js'
import type { AutoReplyRepository } from '../store/auto-reply-repository.js'
import type { Awaiting } from '../store/awaiting.js'

/** The part of the conversation service auto-replies go through: the agents' own outgoing path. */
export interface AutomaticOutbox {
  send(request: OutgoingRequest): Promise<Message>
}

/** What the runner logs. */
export interface AutoReplyLogger {
  info(details: Record<string, unknown>, message: string): void
  warn(details: Record<string, unknown>, message: string): void
}

/** Collaborators of the runner. */
export interface AutoReplyRunnerDependencies {
  readonly repository: Awaiting<AutoReplyRepository>
  readonly outbox: AutomaticOutbox
  readonly now?: () => number
  readonly logger?: AutoReplyLogger
  /** The calendar of the team answering a conversation, if it keeps one (the off-hours reply reads it). */
  readonly calendarOf?: (conversationId: string) => Promise<BusinessHours | null>
}

/** Runs the auto-replies after a push is stored. */
export interface AutoReplyRunner {
  /** Answers the automatic message it queued, or null when no rule applies (or the window refuses). */
  onPushStored(push: InboundPush): Promise<Message | null>
}

/**
 * Auto-replies go out through the conversation service's outgoing path, as automatic messages: the
 * window and quota policy applies, they count against the quota, and every desktop sees them. The
 * client id derives from the push, so a push WeChat delivers again never gets a second reply.
 */
export function createAutoReplyRunner(dependencies: AutoReplyRunnerDependencies): AutoReplyRunner {
  const now = dependencies.now ?? Date.now
  return {
    async onPushStored(push) {
      const at = now()
      const { rules } = await dependencies.repository.get()
      const conversationId = conversationIdOfPush(push)
      const calendar =
        rules.offHours.isEnabled && push.kind === 'message'
          ? ((await dependencies.calendarOf?.(conversationId)) ?? null)
          : null
      const choice = autoReplyFor(push, rules, at, calendar)
      if (choice === null) return null
      if (choice.rule === 'off_hours') {
        const last = await dependencies.repository.lastSentAt(conversationId, choice.rule)
        if (last !== null && at - last < rules.offHours.cooldownMinutes * 60_000) return null
      }
      const digest = createHash('sha256').update(dedupeKeyOf(push)).digest('hex').slice(0, 32)
      try {
        const message = await dependencies.outbox.send({
          conversationId,
          clientMessageId: `auto-${choice.rule}-${digest}`,
          body: { type: 'text', text: choice.text },
          sender: null,
          isAutomatic: true,
        })
        if (choice.rule === 'off_hours')
          await dependencies.repository.markSent(conversationId, choice.rule, at)
        // The message id, never the conversation id: that holds the follower's openid.
        dependencies.logger?.info({ rule: choice.rule, messageId: message.id }, 'auto-reply queued')
        return message
      } catch (error) {
        // Never let an auto-reply fail the webhook that carried the push.
        // e.g. the window already closed (a late retry of a follow): skip it.
        const code = error instanceof RelayError ? error.code : 'internal'
        dependencies.logger?.warn({ rule: choice.rule, code }, 'auto-reply skipped')
        return null
      }
    },
  }
}

/** The ingest pipeline with auto-replies run after each push it newly stored (never for duplicates). */
export function withAutoReplies(ingest: IngestPipeline, runner: AutoReplyRunner): IngestPipeline {
  return {
    async submit(push) {
      const outcome = await ingest.submit(push)
      // After the push's own commit; queuing is one small transaction, delivery runs in the background.
      if (outcome === 'stored') await runner.onPushStored(push)
      return outcome
    },
    drain: () => ingest.drain(),
  }
}
