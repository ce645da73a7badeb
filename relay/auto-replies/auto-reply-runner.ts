import { createHash } from 'node:crypto'
import type { BusinessHours } from '../../common/domain/business-hours.js'
import { conversationIdOfPush, dedupeKeyOf, type InboundPush } from '../../common/domain/inbound.js'
import type { Message } from '../../common/domain/message.js'
import type { ConversationService } from '../conversations/conversation-service.js'
import type { IngestOutcome } from '../ingest/ingest-pipeline.js'
import { RelayError } from '../relay-error.js'
import { autoReplyFor } from './auto-reply-for.js'
import type { AutoReplyRepository } from '../store/auto-reply-repository.js'
import type { Awaiting } from '../store/awaiting.js'
import type { MessageRepository } from '../store/message-repository.js'

/** The part of the conversation service auto-replies go through: the agents' own outgoing path. */
export type AutomaticOutbox = Pick<ConversationService, 'send' | 'replyPassively'>

/** What the runner logs. */
export interface AutoReplyLogger {
  info(details: Record<string, unknown>, message: string): void
  warn(details: Record<string, unknown>, message: string): void
}

/** Collaborators of the runner. */
export interface AutoReplyRunnerDependencies {
  readonly repository: Awaiting<AutoReplyRepository>
  /** Where a reply already given to a push is found again when WeChat delivers it once more. */
  readonly messages: Awaiting<Pick<MessageRepository, 'findByClientMessageId'>>
  readonly outbox: AutomaticOutbox
  readonly now?: () => number
  readonly logger?: AutoReplyLogger
  /** The calendar of the team answering a conversation, if it keeps one (the off-hours reply reads it). */
  readonly calendarOf?: (conversationId: string) => Promise<BusinessHours | null>
}

/** Answers pushes by the auto-reply rules. */
export interface AutoReplyRunner {
  /**
   * The text the webhook answers `push` with (a passive reply), or null for `success`: after a push is
   * stored, the rule's reply is recorded and answered; for a push WeChat delivers again, the reply
   * already recorded for it, never a second one.
   */
  replyTo(push: InboundPush, outcome: IngestOutcome): Promise<string | null>
}

/**
 * Auto-replies are answered in the webhook's own response (a passive reply, reference §5), so they never
 * spend the follower's customer-service quota: the reply is stored as an automatic message, `sent`, in
 * its own commit, then answered; every desktop sees it. The client id derives from the push, so a push
 * WeChat delivers again (it doubted the first answer) gets the same reply, never a second one. Nothing
 * here ever fails the webhook: a rule that cannot be answered is logged and the push answered `success`.
 */
export function createAutoReplyRunner(dependencies: AutoReplyRunnerDependencies): AutoReplyRunner {
  const now = dependencies.now ?? Date.now

  async function choiceFor(push: InboundPush, at: number) {
    // The push's own account's rules (every account's where it has none).
    const { rules } = await dependencies.repository.get(push.accountKey)
    const conversationId = conversationIdOfPush(push)
    const calendar =
      rules.offHours.isEnabled && push.kind === 'message'
        ? ((await dependencies.calendarOf?.(conversationId)) ?? null)
        : null
    const choice = autoReplyFor(push, rules, at, calendar)
    if (choice === null) return null
    const digest = createHash('sha256').update(dedupeKeyOf(push)).digest('hex').slice(0, 32)
    return { ...choice, conversationId, clientMessageId: `auto-${choice.rule}-${digest}`, rules }
  }

  async function replyToStored(push: InboundPush): Promise<Message | null> {
    const at = now()
    const choice = await choiceFor(push, at)
    if (choice === null) return null
    if (choice.rule === 'off_hours') {
      const last = await dependencies.repository.lastSentAt(choice.conversationId, choice.rule)
      if (last !== null && at - last < choice.rules.offHours.cooldownMinutes * 60_000) return null
    }
    const message = await dependencies.outbox.replyPassively({
      conversationId: choice.conversationId,
      clientMessageId: choice.clientMessageId,
      body: { type: 'text', text: choice.text },
    })
    if (choice.rule === 'off_hours')
      await dependencies.repository.markSent(choice.conversationId, choice.rule, at)
    // The message id, never the conversation id: that holds the follower's openid.
    dependencies.logger?.info({ rule: choice.rule, messageId: message.id }, 'auto-reply answered passively')
    return message
  }

  async function replyToRepeated(push: InboundPush): Promise<Message | null> {
    const choice = await choiceFor(push, now())
    if (choice === null) return null
    return await dependencies.messages.findByClientMessageId(choice.conversationId, choice.clientMessageId)
  }

  return {
    async replyTo(push, outcome) {
      try {
        const message = outcome === 'stored' ? await replyToStored(push) : await replyToRepeated(push)
        return message?.body.type === 'text' ? message.body.text : null
      } catch (error) {
        const code = error instanceof RelayError ? error.code : 'internal'
        dependencies.logger?.warn({ code }, 'auto-reply skipped')
        return null
      }
    },
  }
}
