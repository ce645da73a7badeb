import type { Conversation } from '../../common/domain/conversation.js'
import { RelayError } from '../relay-error.js'
import type { StoreAccess } from '../store/relay-store.js'

/** What a losing compare-and-set learns: the current conversation and who made its latest change. */
export interface ConflictDetails {
  readonly conversation: Conversation
  /** The user behind the current version; null when it came from the follower or a send. */
  readonly changedBy: string | null
  readonly changedAt: number | null
}

/** The details of a conflict on `conversation`. */
export async function conflictDetailsOf(
  store: StoreAccess,
  conversation: Conversation,
): Promise<ConflictDetails> {
  const change = await store.assignments.lastChangeOf(conversation.id)
  const isCurrent = change !== null && change.version === conversation.version
  return {
    conversation,
    changedBy: isCurrent ? change.username : null,
    changedAt: isCurrent ? change.at : null,
  }
}

/** A `conflict` for a stale version, naming who holds the conversation and who changed it. */
export async function conflictError(store: StoreAccess, conversation: Conversation): Promise<RelayError> {
  const details = await conflictDetailsOf(store, conversation)
  const holder = conversation.assignee ?? 'nobody'
  const by = details.changedBy === null ? '' : ` by ${details.changedBy}`
  return new RelayError(
    'conflict',
    `The conversation changed meanwhile${by}: now ${conversation.status}, assigned to ${holder}.`,
    details,
  )
}
