import type { Conversation } from '../../common/domain/conversation.js'
import { receiverRefusal } from '../../common/domain/receiver-refusal.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import type { StoreAccess, StoreTransaction } from '../store/relay-store.js'
import { appendInternalLine } from '../tickets/activity-line.js'
import { conflictError } from './conflict-error.js'

/** One claim, reassignment or return to the queue. */
export interface AssignCommand {
  /** Who asks; null when the relay's auto-assignment routes the conversation. */
  readonly actor: User | null
  readonly conversationId: string
  /** The new holder; null returns the conversation to the unassigned queue. */
  readonly assignee: string | null
  /** The version the caller saw (compare-and-set); null when the relay acts on what it just read. */
  readonly version: number | null
  /** A handover note for the receiving agent. */
  readonly note?: string
  readonly at: number
}

/** Checks a command without writing: answers the conversation it applies to, or throws the refusal. */
export async function checkAssignment(store: StoreAccess, command: AssignCommand): Promise<Conversation> {
  const conversation = await store.conversations.get(command.conversationId)
  if (conversation === null) throw new RelayError('not_found', `No conversation ${command.conversationId}.`)
  const { actor, assignee } = command
  if (actor === null) return conversation
  // Another account's conversation is, to this actor, no conversation at all.
  if ((await conversationAccessOf(store, actor, conversation)).isOutsideAccounts === true) {
    throw new RelayError('not_found', `No conversation ${command.conversationId}.`)
  }
  const isSupervisor = can(actor, 'conversation:assign', conversation)
  const isClaim = assignee === actor.username
  const isReturn = assignee === null
  if (!isSupervisor && !isClaim && !isReturn) {
    throw new RelayError('forbidden', 'Only supervisors assign conversations to someone else.')
  }
  if (command.version !== null && command.version !== conversation.version) {
    throw await conflictError(store, conversation)
  }
  if (!isSupervisor) {
    if (isClaim && !can(actor, 'conversation:claim', conversation)) {
      throw new RelayError('forbidden', `${conversation.assignee ?? 'Someone'} holds this conversation.`)
    }
    if (isReturn && conversation.assignee !== actor.username) {
      throw new RelayError(
        'forbidden',
        'Only its holder or a supervisor returns a conversation to the queue.',
      )
    }
  }
  if (assignee !== null && !isClaim) await checkReceiver(store, actor, assignee, conversation)
  return conversation
}

/**
 * Claims, reassigns or returns one conversation inside the caller's transaction: compare-and-set on
 * the version, the permission rules, a receiver who is active and in the actor's team, then the
 * change, its activity line and the optional handover note. Assigning to the current holder changes nothing.
 */
export async function assignConversation(
  store: StoreTransaction,
  events: RelayEvent[],
  command: AssignCommand,
): Promise<Conversation> {
  const conversation = await checkAssignment(store, command)
  return await applyAssignment(store, events, conversation, command)
}

/** Writes an assignment already checked by `checkAssignment` (bulk commands check everything first). */
export async function applyAssignment(
  store: StoreTransaction,
  events: RelayEvent[],
  conversation: Conversation,
  command: AssignCommand,
): Promise<Conversation> {
  const { actor, assignee, at } = command
  if (assignee === conversation.assignee) return conversation
  const updated: Conversation = {
    ...conversation,
    assignee,
    version: conversation.version + 1,
    updatedAt: at,
  }
  await store.conversations.save(updated)
  if (actor !== null) {
    await store.assignments.recordChange({
      conversationId: updated.id,
      version: updated.version,
      username: actor.username,
      action: assignee === null ? 'unassigned' : 'assigned',
      at,
    })
  }
  if (assignee !== null) await store.assignments.markAssigned(assignee, at)
  events.push(
    await store.events.append({
      type: 'conversation.updated',
      at,
      conversation: updated,
      previousAssignee: conversation.assignee,
    }),
  )
  await appendInternalLine(store, events, {
    conversation: updated,
    actor: actor?.username ?? null,
    at,
    body:
      assignee === null
        ? { type: 'activity', action: 'unassigned', detail: conversation.assignee ?? '' }
        : { type: 'activity', action: 'assigned', detail: assignee },
  })
  if (command.note !== undefined) {
    await appendInternalLine(store, events, {
      conversation: updated,
      actor: actor?.username ?? null,
      at,
      body: { type: 'note', text: command.note, isHandover: true },
    })
  }
  return updated
}

async function checkReceiver(
  store: StoreAccess,
  actor: User,
  assignee: string,
  conversation: Conversation,
): Promise<void> {
  const receiver = (await store.users.get(assignee))?.user
  if (receiver === undefined) throw new RelayError('invalid', `No user ${assignee}.`)
  const refusal = receiverRefusal(actor, receiver)
  if (refusal !== null) throw new RelayError('invalid', refusal)
  if ((await conversationAccessOf(store, receiver, conversation)).isOutsideAccounts === true) {
    throw new RelayError('invalid', `${receiver.displayName}'s team does not answer this official account.`)
  }
}
