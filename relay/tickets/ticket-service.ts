import type { Conversation, TicketStatus } from '../../common/domain/conversation.js'
import type { Message } from '../../common/domain/message.js'
import type { User } from '../../common/domain/user.js'
import type { FollowerUpdate } from '../../common/relay/schemas.js'
import { conflictError } from '../assignment/conflict-error.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore, StoreAccess, StoreTransaction } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import { appendInternalLine } from './activity-line.js'
import { withTicketStatus } from './ticket-status.js'

/** The ticket side of a conversation: status, private notes and the follower panel. */
export interface TicketService {
  /** Compare-and-set on `version`; a stale one is a `conflict` naming who changed it. */
  setStatus(user: User, conversationId: string, status: TicketStatus, version: number): Promise<Conversation>
  /** Snoozes until `until` (epoch ms) or until the follower writes (null); `snooze` null wakes it. */
  snooze(
    user: User,
    conversationId: string,
    snooze: { readonly until: number | null } | null,
    version: number,
  ): Promise<Conversation>
  /** A private note (direction `internal`, never sent to WeChat); a resend answers the stored note. */
  addNote(
    user: User,
    conversationId: string,
    clientMessageId: string,
    text: string,
  ): Promise<{ readonly message: Message; readonly isNew: boolean }>
  /** The follower panel: remark (display name) and notes; a remark change gets an activity line. */
  updateFollower(user: User, conversationId: string, update: FollowerUpdate): Promise<Conversation>
}

/** Collaborators of the ticket service. */
export interface TicketServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
}

/** Creates the ticket service. */
export function createTicketService(dependencies: TicketServiceDependencies): TicketService {
  const { store, now } = dependencies

  async function workable(tx: StoreAccess, user: User, conversationId: string): Promise<Conversation> {
    const conversation = await tx.conversations.get(conversationId)
    if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
    if (!can(user, 'conversation:work', conversation, await conversationAccessOf(tx, user, conversation))) {
      throw new RelayError('forbidden', 'You may not work on this conversation.')
    }
    return conversation
  }

  async function saveChange(
    tx: StoreTransaction,
    user: User,
    updated: Conversation,
    action: string,
    at: number,
  ): Promise<void> {
    await tx.conversations.save(updated)
    await tx.assignments.recordChange({
      conversationId: updated.id,
      version: updated.version,
      username: user.username,
      action,
      at,
    })
  }

  return {
    setStatus(user, conversationId, status, version) {
      return store.commit(async (tx, events) => {
        const conversation = await workable(tx, user, conversationId)
        if (conversation.version !== version) throw await conflictError(tx, conversation)
        if (conversation.status === status) return conversation
        const at = now()
        const updated = withTicketStatus(conversation, status, at)
        await saveChange(tx, user, updated, 'status_changed', at)
        events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
        await appendInternalLine(tx, events, {
          conversation: updated,
          actor: user.username,
          at,
          body: { type: 'activity', action: 'status_changed', detail: status },
        })
        return updated
      })
    },
    snooze(user, conversationId, snooze, version) {
      return store.commit(async (tx, events) => {
        const conversation = await workable(tx, user, conversationId)
        if (conversation.version !== version) throw await conflictError(tx, conversation)
        const at = now()
        if (snooze?.until != null && snooze.until <= at)
          throw new RelayError('invalid', 'Snooze until a time still to come.')
        if (snooze === null && conversation.snooze === null) return conversation
        const updated: Conversation = {
          ...conversation,
          snooze: snooze === null ? null : { until: snooze.until, by: user.username },
          version: conversation.version + 1,
          updatedAt: at,
        }
        await tx.conversations.save(updated)
        events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
        await appendInternalLine(tx, events, {
          conversation: updated,
          actor: user.username,
          at,
          body:
            snooze === null
              ? { type: 'activity', action: 'unsnoozed', detail: '' }
              : {
                  type: 'activity',
                  action: 'snoozed',
                  detail: snooze.until === null ? '' : String(snooze.until),
                },
        })
        return updated
      })
    },
    addNote(user, conversationId, clientMessageId, text) {
      return store.commit(async (tx, events) => {
        const existing = await tx.messages.findByClientMessageId(conversationId, clientMessageId)
        if (existing !== null) return { message: existing, isNew: false }
        const conversation = await workable(tx, user, conversationId)
        const message = await appendInternalLine(tx, events, {
          conversation,
          actor: user.username,
          at: now(),
          clientMessageId,
          body: { type: 'note', text },
        })
        return { message, isNew: true }
      })
    },
    updateFollower(user, conversationId, update) {
      return store.commit(async (tx, events) => {
        const conversation = await workable(tx, user, conversationId)
        const remark =
          update.remark === undefined
            ? conversation.remark
            : update.remark?.trim()
              ? update.remark.trim()
              : null
        const notes = update.notes ?? conversation.notes
        if (remark === conversation.remark && notes === conversation.notes) return conversation
        const at = now()
        const updated: Conversation = {
          ...conversation,
          remark,
          notes,
          version: conversation.version + 1,
          updatedAt: at,
        }
        await saveChange(tx, user, updated, 'follower_updated', at)
        events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
        if (remark !== conversation.remark) {
          await appendInternalLine(tx, events, {
            conversation: updated,
            actor: user.username,
            at,
            body: { type: 'activity', action: 'remark_changed', detail: remark ?? '' },
          })
        }
        return updated
      })
    },
  }
}
