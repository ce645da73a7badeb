import { randomUUID } from 'node:crypto'
import type { Conversation } from '../../common/domain/conversation.js'
import type { InternalBody, Message } from '../../common/domain/message.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { StoreTransaction } from '../store/relay-store.js'

/** One internal line of a conversation as written by `actor` (null: the relay itself). */
export interface InternalLine {
  readonly conversation: Conversation
  readonly body: InternalBody
  readonly actor: string | null
  readonly at: number
  readonly clientMessageId?: string | null
}

/**
 * Stores an internal line (activity or private note) and appends its `message.created`, inside the
 * caller's transaction. Internal lines never reach WeChat and leave the inbox preview alone.
 */
export async function appendInternalLine(
  tx: StoreTransaction,
  events: RelayEvent[],
  line: InternalLine,
): Promise<Message> {
  const message: Message = {
    id: randomUUID(),
    conversationId: line.conversation.id,
    direction: 'internal',
    body: line.body,
    status: 'sent',
    createdAt: line.at,
    clientMessageId: line.clientMessageId ?? null,
    senderUsername: line.actor,
    isAutomatic: line.actor === null,
    wechatMsgId: null,
    failure: null,
  }
  await tx.messages.insert(message)
  events.push(
    await tx.events.append({
      type: 'message.created',
      at: line.at,
      message,
      conversation: line.conversation,
    }),
  )
  return message
}
