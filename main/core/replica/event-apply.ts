import type Database from 'better-sqlite3'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import { noteConversation, type ConversationChange, type PutConversations } from './conversation-writer.js'
import type { HistoryRemoval } from './history-removal.js'
import type { PutMessage } from './message-writer.js'
import type { ReplicaStatements } from './replica-statements.js'

/** What one batch of events changed, so main can tell the renderer (and notify) once per batch. */
export interface ApplyResult {
  /** Events applied (those at or below the cursor are skipped). */
  readonly appliedCount: number
  readonly cursor: number
  readonly conversationIds: ReadonlySet<string>
  /** The snapshot of each changed conversation the batch carried last (the replica may hold a newer one). */
  readonly conversations: ReadonlyMap<string, Conversation>
  readonly messages: readonly Message[]
  /** Conversations this replica had not seen before. */
  readonly newConversationIds: ReadonlySet<string>
  /** Incoming messages new to this replica. */
  readonly newIncoming: readonly Message[]
  readonly hasTagChanges: boolean
  readonly hasCannedResponseChanges: boolean
  readonly hasUserChanges: boolean
  /** Conversations an admin erased: gone from the replica, with their messages. */
  readonly erasedConversationIds: ReadonlySet<string>
  /** Messages created before this were expired by the relay's retention (null: none in this batch). */
  readonly expiredBefore: number | null
}

/** What applying events builds on: the store's writers and its cursor. */
export interface EventApplyWriters {
  readonly cursor: () => number
  readonly putMessage: PutMessage
  readonly putConversations: PutConversations
  readonly removal: HistoryRemoval
}

/** Applying relay events: the answered function applies one batch as one transaction, cursor included. */
export function createEventApply(
  database: Database.Database,
  statements: ReplicaStatements,
  { cursor, putMessage, putConversations, removal }: EventApplyWriters,
) {
  // Messages are written event by event, in order; conversations once per page, after them, since
  // a page of a catch-up often carries many snapshots of the same conversation and only the newest
  // one survives anyway.
  return database.transaction((events: readonly RelayEvent[], me: string | null): ApplyResult => {
    let current = cursor()
    let appliedCount = 0
    const changes = new Map<string, ConversationChange>()
    const messages = new Map<string, Message>()
    const newIncoming: Message[] = []
    let hasTagChanges = false
    let hasCannedResponseChanges = false
    let hasUserChanges = false
    const erasedConversationIds = new Set<string>()
    let expiredBefore: number | null = null
    for (const event of events) {
      // At or below the cursor it was applied already: a replayed page after a reconnect.
      if (event.seq <= current) continue
      switch (event.type) {
        case 'message.created':
        case 'message.updated': {
          const isNew = putMessage(event.message)
          const change = noteConversation(changes, event.conversation)
          if (isNew && event.message.direction === 'incoming') {
            change.unreadIncrement += 1
            newIncoming.push(event.message)
          }
          if (
            isNew &&
            event.message.direction === 'outgoing' &&
            me !== null &&
            event.message.senderUsername === me
          ) {
            // My reply reads the conversation the message belongs to.
            const replied = changes.get(event.message.conversationId)
            if (replied === undefined) statements.clearUnread.run(event.message.conversationId)
            else {
              replied.isCleared = true
              replied.unreadIncrement = 0
            }
          }
          messages.set(event.message.id, event.message)
          break
        }
        case 'conversation.updated':
          noteConversation(changes, event.conversation)
          break
        case 'tag.upserted':
          statements.upsertTag.run(event.tag.id, JSON.stringify(event.tag))
          hasTagChanges = true
          break
        case 'canned-response.upserted':
          statements.upsertCanned.run(event.cannedResponse.id, JSON.stringify(event.cannedResponse))
          hasCannedResponseChanges = true
          break
        case 'canned-response.deleted':
          statements.deleteCanned.run(event.cannedResponseId)
          hasCannedResponseChanges = true
          break
        case 'user.upserted':
          statements.upsertUser.run(event.user.username, JSON.stringify(event.user))
          hasUserChanges = true
          break
        case 'account.upserted':
          // A fact of the connection, kept beside the reply window (main/core/sync/relay-facts.ts).
          break
        case 'team.upserted':
          // Teams reach the console through the admin calls that change them; the log carries them
          // for the relays, whose visibility rule follows them.
          break
        case 'conversation.erased': {
          // What this page carried of the follower goes too: it must not be written back at the end.
          removal.eraseConversation(event.conversationId)
          changes.delete(event.conversationId)
          for (const [id, message] of messages)
            if (message.conversationId === event.conversationId) messages.delete(id)
          removeWhere(newIncoming, (message) => message.conversationId === event.conversationId)
          erasedConversationIds.add(event.conversationId)
          break
        }
        case 'messages.expired': {
          const { before } = event
          removal.expireMessages(before)
          for (const [id, message] of messages) if (message.createdAt < before) messages.delete(id)
          removeWhere(newIncoming, (message) => message.createdAt < before)
          for (const change of changes.values()) {
            const preview = change.conversation.lastMessage
            if (preview !== null && preview.createdAt < before)
              change.conversation = { ...change.conversation, lastMessage: null }
          }
          expiredBefore = Math.max(expiredBefore ?? before, before)
          break
        }
      }
      current = event.seq
      appliedCount += 1
    }
    const newConversationIds = changes.size === 0 ? new Set<string>() : putConversations(changes)
    if (appliedCount > 0) statements.setMeta.run('cursor', String(current))
    const conversations = new Map<string, Conversation>()
    for (const [id, change] of changes) conversations.set(id, change.conversation)
    return {
      appliedCount,
      cursor: current,
      conversationIds: new Set(changes.keys()),
      conversations,
      messages: [...messages.values()],
      newConversationIds,
      newIncoming,
      hasTagChanges,
      hasCannedResponseChanges,
      hasUserChanges,
      erasedConversationIds,
      expiredBefore,
    }
  })
}

function removeWhere<T>(items: T[], isRemoved: (item: T) => boolean): void {
  for (let index = items.length - 1; index >= 0; index -= 1)
    if (isRemoved(items[index]!)) items.splice(index, 1)
}
