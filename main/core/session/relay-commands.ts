import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../../common/domain/message.js'
import type { CommandOutcome } from '../../../common/ipc/channels.js'
import type { RelayErrorCode } from '../../../common/relay/errors.js'
import type { CommandRequest, ParsedCommandAnswer } from '../../../common/relay/relay-commands.js'
import { outcomeOf, type ConversationCommand, type OutboxCommand } from '../outbox.js'
import { createRelayClient, RelayRequestError, type RelayClient } from '../relay-client.js'
import { localMessageIdOf } from '../replica/replica-store.js'
import type { Clock } from '../sync/clock.js'
import { relayErrorCodeOf } from '../sync/relay-answers.js'
import { conversationSchema } from '../sync/relay-event-schema.js'
import type { RelayCommand } from '../sync/sync-connection.js'
import type { OpenSession } from './open-session.js'

/** What the relay commands need from the core. */
export interface RelayCommandsOptions {
  /** The open session, if any, read at each call. */
  readonly session: () => OpenSession | null
  readonly clock: Clock
  /** How long a relay command may stay unanswered. */
  readonly ackTimeoutMs: number
  /** Stores a conversation the relay answered with in the replica and tells the renderer. */
  readonly keepConversation: (conversation: Conversation) => void
}

/**
 * The ways the open session reaches the relay, each answering a `CommandOutcome`: a socket command
 * answered now, a REST call, a message through the outbox, a conversation command through the outbox.
 */
export function createRelayCommands(options: RelayCommandsOptions) {
  const { session, clock, ackTimeoutMs, keepConversation } = options

  /** A socket command answered now: its answer parsed with the command's schema, or the refusal. */
  async function command<C extends Exclude<RelayCommand, OutboxCommand>>(
    name: C,
    request: CommandRequest<C>,
  ): Promise<CommandOutcome<ParsedCommandAnswer<C>>> {
    const connection = session()?.connection
    if (connection === null || connection === undefined || connection.state().state !== 'live') {
      return {
        ok: false,
        code: 'offline',
        message: 'Not connected to the relay; try again when the connection is back.',
      }
    }
    try {
      const result = await connection.command(name, request, ackTimeoutMs)
      if (result.ok) return { ok: true, value: result.value }
      // A refusal may carry the conversation as it is now: under `current`, or as the details.
      const details = result.error.details
      const held = currentDetailsSchema.safeParse(details)
      const current = conversationSchema.safeParse(held.success ? held.data.current : details)
      if (current.success) keepConversation(current.data)
      return {
        ok: false,
        code: result.error.code,
        message: result.error.message,
        ...(current.success ? { current: current.data } : {}),
      }
    } catch (error) {
      return {
        ok: false,
        code: 'offline',
        message: `The relay did not answer (${error instanceof Error ? error.message : String(error)}).`,
      }
    }
  }

  async function rest<T>(
    work: (client: RelayClient, token: string) => Promise<T>,
  ): Promise<CommandOutcome<T>> {
    const open = session()
    if (open === null) return { ok: false, code: 'unauthorized', message: 'Sign in first.' }
    try {
      return { ok: true, value: await work(createRelayClient(open.relayUrl), open.token) }
    } catch (error) {
      if (error instanceof RelayRequestError) return { ok: false, code: error.code, message: error.message }
      throw error
    }
  }

  async function enqueue(
    commandName: OutboxCommand,
    conversationId: string,
    clientMessageId: string,
    request: Record<string, unknown>,
    direction: Message['direction'],
    body: MessageBody,
  ): Promise<CommandOutcome<Message>> {
    const open = session()
    const replica = open?.replica
    if (open === null || replica === null || replica === undefined) {
      return { ok: false, code: 'offline', message: 'There is no local data to keep this in; sign in again.' }
    }
    const pending: Message = {
      id: localMessageIdOf(clientMessageId),
      conversationId,
      direction,
      body,
      status: 'pending',
      createdAt: clock.now(),
      clientMessageId,
      senderUsername: open.user.username,
      isAutomatic: false,
      wechatMsgId: null,
      failure: null,
    }
    const stored = replica.outbox.enqueue(commandName, conversationId, clientMessageId, request, pending)
    if (open.connection?.state().state !== 'live') return { ok: true, value: stored }
    void replica.outbox.flush()
    const entry = await replica.outbox.settled(clientMessageId, ackTimeoutMs)
    return outcomeOf(entry, replica.store.messageByClientId(clientMessageId))
  }

  /**
   * A conversation command goes through the outbox, behind any reply queued before it, carrying the
   * state the agent saw. Offline (or unanswered in time) it answers `isQueued` with the unchanged
   * conversation; the relay's verdict arrives later as `commands:changed`.
   */
  async function conversationCommand(
    name: ConversationCommand,
    conversationId: string,
    request: Record<string, unknown>,
  ): Promise<CommandOutcome<Conversation>> {
    const open = session()
    const replica = open?.replica
    if (open === null || replica === null || replica === undefined) {
      return { ok: false, code: 'offline', message: 'There is no local data to keep this in; sign in again.' }
    }
    const before = replica.store.conversation(conversationId)
    if (before === null)
      return { ok: false, code: 'not_found', message: `No conversation ${conversationId}.` }
    const clientId = randomUUID()
    replica.outbox.enqueueCommand(name, conversationId, clientId, request)
    if (open.connection?.state().state !== 'live') return { ok: true, value: before, isQueued: true }
    void replica.outbox.flush()
    const entry = await replica.outbox.settled(clientId, ackTimeoutMs)
    const now = replica.store.conversation(conversationId) ?? before
    if (entry === null || entry.state === 'queued') return { ok: true, value: now, isQueued: true }
    if (entry.state === 'sent') return { ok: true, value: now }
    return {
      ok: false,
      code: codeOf(entry.failure?.code),
      message: entry.failure?.message ?? 'The relay refused it.',
      ...(entry.state === 'conflict' ? { current: now } : {}),
    }
  }

  return { command, rest, enqueue, conversationCommand }
}

/** The open session's ways to the relay. */
export type RelayCommands = ReturnType<typeof createRelayCommands>

const currentDetailsSchema = z.object({ current: z.unknown() })

function codeOf(code: unknown): RelayErrorCode {
  return relayErrorCodeOf(code)
}
