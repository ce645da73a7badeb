import type Database from 'better-sqlite3'
import { z } from 'zod'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Message, SendFailure } from '../../common/domain/message.js'
import type { CommandOutcome, QueuedCommand } from '../../common/ipc/channels.js'
import { RELAY_ERROR_CODES, type RelayErrorCode } from '../../common/relay/errors.js'
import type { CommandResult } from '../../common/relay/events.js'
import { localMessageIdOf, type ReplicaStore } from './replica/replica-store.js'
import type { Clock } from './sync/clock.js'
import { conversationSchema, messageSchema } from './sync/relay-event-schema.js'
import type { RelayCommand } from './sync/sync-connection.js'

/** Commands that carry a client id, so a resend after a reconnect is the same message at the relay. */
export type OutboxCommand = Extract<
  RelayCommand,
  | 'message:send'
  | 'template:send'
  | 'note:add'
  | 'conversation:assign'
  | 'conversation:set-status'
  | 'conversation:set-tags'
  | 'conversation:update-follower'
>

/** Commands on the conversation itself (no message): answered with the conversation. */
export const CONVERSATION_COMMANDS = [
  'conversation:assign',
  'conversation:set-status',
  'conversation:set-tags',
  'conversation:update-follower',
] as const

/** A command on the conversation itself. */
export type ConversationCommand = (typeof CONVERSATION_COMMANDS)[number]

const conflictDetailsSchema = z.object({ conversation: z.unknown(), changedBy: z.unknown() })

/** Compare-and-set retries when only unrelated fields moved (a reply, a follower message). */
const MAX_REBASES = 3

/** Where an outbox entry stands. */
export type OutboxState = 'queued' | 'sent' | 'failed' | 'conflict'

/** One entry, as stored. */
export interface OutboxEntry {
  readonly position: number
  readonly clientMessageId: string
  readonly command: OutboxCommand
  readonly conversationId: string
  readonly request: Record<string, unknown>
  readonly state: OutboxState
  readonly attempts: number
  readonly failure: SendFailure | null
  /** On `conflict`, who made the change that won. */
  readonly changedBy: string | null
}

/** Sends a command over the live socket; throws when not live or unanswered. */
export type CommandSender = (
  command: OutboxCommand,
  request: Record<string, unknown>,
) => Promise<CommandResult<unknown>>

/** Unanswered sends, while connected, after which an entry is given up as failed (it stays retryable). */
const MAX_UNANSWERED = 3

interface OutboxRow {
  position: number
  client_message_id: string
  command: string
  conversation_id: string
  request: string
  state: string
  attempts: number
  failure: string | null
}

/**
 * Replies and notes leave through here: stored first (with the pending message the agent sees), then
 * sent in order, one at a time, whenever the connection is live. The relay keys messages by client id,
 * so an entry whose answer was lost is simply sent again and still becomes one message.
 */
export function createOutbox(options: {
  readonly database: Database.Database
  readonly store: ReplicaStore
  readonly clock: Clock
  readonly send: CommandSender
  readonly onMessagesChanged: (messages: readonly Message[]) => void
  /** The agent this replica belongs to: a conflict that shows their own change is a lost answer. */
  readonly username: string
  /** A conversation the relay answered with (applied, or the state that won a conflict). */
  readonly onConversation: (conversation: Conversation) => void
  readonly onCommandsChanged: (commands: readonly QueuedCommand[]) => void
}) {
  const { database, store, clock } = options
  const statements = {
    insert: database.prepare(`
      INSERT INTO outbox (client_message_id, command, conversation_id, request, state, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'queued', ?, ?)`),
    byClientId: database.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE client_message_id = ?'),
    nextQueued: database.prepare<[], OutboxRow>(
      "SELECT * FROM outbox WHERE state = 'queued' ORDER BY position LIMIT 1",
    ),
    queued: database.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE state = 'queued' ORDER BY position"),
    queuedConversationCommands: database.prepare<[], OutboxRow>(
      `SELECT * FROM outbox WHERE state = 'queued' AND command LIKE 'conversation:%' ORDER BY position`,
    ),
    settle: database.prepare(
      'UPDATE outbox SET state = ?, failure = ?, updated_at = ? WHERE client_message_id = ?',
    ),
    countAttempt: database.prepare(
      'UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE client_message_id = ?',
    ),
    requeue: database.prepare(
      "UPDATE outbox SET state = 'queued', attempts = 0, failure = NULL, updated_at = ? WHERE client_message_id = ?",
    ),
  }
  let flushing: Promise<void> | null = null
  const waiters = new Map<string, Array<() => void>>()

  function entryOf(row: OutboxRow): OutboxEntry {
    const failure =
      row.failure === null ? null : (JSON.parse(row.failure) as SendFailure & { changedBy?: string | null })
    return {
      position: row.position,
      clientMessageId: row.client_message_id,
      command: row.command as OutboxCommand,
      conversationId: row.conversation_id,
      request: JSON.parse(row.request) as Record<string, unknown>,
      state: row.state as OutboxState,
      attempts: row.attempts,
      failure:
        failure === null
          ? null
          : { code: failure.code, message: failure.message, isRetryable: failure.isRetryable },
      changedBy: failure?.changedBy ?? null,
    }
  }

  function settle(
    entry: OutboxEntry,
    state: OutboxState,
    failure: SendFailure | null,
    message: Message | null,
    conversation: Conversation | null = null,
    changedBy: string | null = null,
  ): void {
    const changed: Message[] = []
    database.transaction(() => {
      statements.settle.run(
        state,
        failure === null ? null : JSON.stringify({ ...failure, changedBy }),
        clock.now(),
        entry.clientMessageId,
      )
      if (message !== null) {
        // The log's copy may already be here and newer (sent while the ack was on its way): keep it.
        const logged = store.message(message.id)
        if (logged === null) store.putMessage(message)
        changed.push(logged ?? message)
        return
      }
      const local = store.message(localMessageIdOf(entry.clientMessageId))
      if (local !== null && failure !== null) {
        const failed: Message = { ...local, status: 'failed', failure }
        store.putMessage(failed)
        changed.push(failed)
      }
    })()
    if (changed.length > 0) options.onMessagesChanged(changed)
    if (conversation !== null) options.onConversation(conversation)
    if (isConversationCommand(entry.command)) {
      const settled = outbox.entry(entry.clientMessageId)
      if (settled !== null) options.onCommandsChanged([queuedCommandOf(settled)])
    }
    for (const wake of waiters.get(entry.clientMessageId) ?? []) wake()
    waiters.delete(entry.clientMessageId)
  }

  async function sendOne(entry: OutboxEntry): Promise<boolean> {
    if (isConversationCommand(entry.command)) return sendConversationCommand(entry)
    statements.countAttempt.run(clock.now(), entry.clientMessageId)
    let result: CommandResult<unknown>
    try {
      result = await options.send(entry.command, { ...entry.request, conversationId: entry.conversationId })
    } catch (error) {
      return settleUnanswered(entry, error)
    }
    if (result.ok) {
      const message = messageSchema.safeParse(result.value)
      if (!message.success) {
        settle(
          entry,
          'failed',
          failureOf('internal', 'The relay answered with something unexpected.', true),
          null,
        )
        return true
      }
      const relayMessage = message.data
      settle(entry, relayMessage.status === 'failed' ? 'failed' : 'sent', relayMessage.failure, relayMessage)
      return true
    }
    const code = RELAY_ERROR_CODES.find((known) => known === result.error?.code) ?? 'internal'
    const failure = failureOf(
      code,
      result.error?.message ?? 'The relay refused it.',
      code === 'internal' || code === 'wechat_error' || code === 'unavailable',
    )
    settle(entry, code === 'conflict' ? 'conflict' : 'failed', failure, null)
    return true
  }

  /**
   * A send that got no answer: kept for the next connection while offline, failed once the relay has
   * left it unanswered MAX_UNANSWERED times. Answers whether the entry is settled.
   */
  function settleUnanswered(entry: OutboxEntry, error: unknown): boolean {
    if (error instanceof Error && error.name === 'NotConnectedError') return false
    if (entry.attempts + 1 < MAX_UNANSWERED) return false
    settle(entry, 'failed', failureOf('internal', 'The relay did not answer. Try again.', true), null)
    return true
  }

  /**
   * Sends with the version the agent saw. A `conflict` whose winning state still holds what the agent
   * saw in the field this command changes (only a reply or a follower message moved the version) is
   * sent again on the current version; a conflict showing this agent's own change is a lost answer.
   */
  async function sendConversationCommand(entry: OutboxEntry): Promise<boolean> {
    statements.countAttempt.run(clock.now(), entry.clientMessageId)
    const { seen, ...wire } = entry.request as { seen?: Record<string, unknown> | null } & Record<
      string,
      unknown
    >
    const field = entry.command === 'conversation:assign' ? 'assignee' : 'status'
    let request: Record<string, unknown> = { ...wire, conversationId: entry.conversationId }
    for (let rebase = 0; rebase <= MAX_REBASES; rebase += 1) {
      let result: CommandResult<unknown>
      try {
        result = await options.send(entry.command, request)
      } catch (error) {
        return settleUnanswered(entry, error)
      }
      if (result.ok) {
        const conversation = conversationSchema.safeParse(result.value)
        settle(entry, 'sent', null, null, conversation.success ? conversation.data : null)
        return true
      }
      const code = RELAY_ERROR_CODES.find((known) => known === result.error?.code) ?? 'internal'
      // A conflict's details: the conversation as it is now, and who changed it.
      const details = conflictDetailsSchema.safeParse(result.error?.details)
      const parsed = conversationSchema.safeParse(details.success ? details.data.conversation : undefined)
      const current = parsed.success ? parsed.data : null
      const changedBy =
        details.success && typeof details.data.changedBy === 'string' ? details.data.changedBy : null
      const isCas = entry.command === 'conversation:assign' || entry.command === 'conversation:set-status'
      if (code === 'conflict' && current !== null && isCas) {
        const now = current[field]
        if (now === wire[field] && changedBy === options.username) {
          settle(entry, 'sent', null, null, current)
          return true
        }
        if (seen !== null && seen !== undefined && now === seen[field] && rebase < MAX_REBASES) {
          request = { ...request, version: current.version }
          continue
        }
      }
      const failure = failureOf(
        code,
        result.error?.message ?? 'The relay refused it.',
        code === 'internal' || code === 'unavailable',
      )
      settle(entry, code === 'conflict' ? 'conflict' : 'failed', failure, null, current, changedBy)
      return true
    }
    return true
  }

  async function drain(): Promise<void> {
    // Bounded: each pass either settles an entry or stops; entries are few compared to this bound.
    for (let pass = 0; pass < 10_000; pass += 1) {
      const row = statements.nextQueued.get()
      if (row === undefined) return
      const isSettled = await sendOne(entryOf(row))
      if (!isSettled) return
    }
  }

  const outbox = {
    /** Stores a command and the pending message the agent sees; the caller then flushes. */
    enqueue(
      command: OutboxCommand,
      conversationId: string,
      clientMessageId: string,
      request: Record<string, unknown>,
      pending: Message,
    ): Message {
      const existing = statements.byClientId.get(clientMessageId)
      if (existing !== undefined) return store.messageByClientId(clientMessageId) ?? pending
      database.transaction(() => {
        statements.insert.run(
          clientMessageId,
          command,
          conversationId,
          JSON.stringify(request),
          clock.now(),
          clock.now(),
        )
        store.putMessage(pending)
      })()
      options.onMessagesChanged([pending])
      return pending
    },
    /** Stores a conversation command (no message); the caller then flushes. */
    enqueueCommand(
      command: ConversationCommand,
      conversationId: string,
      clientId: string,
      request: Record<string, unknown>,
    ): OutboxEntry {
      const existing = outbox.entry(clientId)
      if (existing !== null) return existing
      statements.insert.run(
        clientId,
        command,
        conversationId,
        JSON.stringify(request),
        clock.now(),
        clock.now(),
      )
      const entry = outbox.entry(clientId)!
      options.onCommandsChanged([queuedCommandOf(entry)])
      return entry
    },
    /** Conversation commands still waiting for the relay, in order. */
    pendingCommands(): QueuedCommand[] {
      return statements.queuedConversationCommands.all().map((row) => queuedCommandOf(entryOf(row)))
    },
    /** Sends every queued entry in order while the connection takes them; one flush at a time. */
    flush(): Promise<void> {
      if (flushing !== null) {
        // A flush in progress may have passed new entries already: run again after it.
        return flushing.then(() => (statements.nextQueued.get() === undefined ? undefined : outbox.flush()))
      }
      flushing = drain().finally(() => {
        flushing = null
      })
      return flushing
    },
    /** Resolves when the entry settles (sent, failed or conflict) or after `timeoutMs`. */
    settled(clientMessageId: string, timeoutMs: number): Promise<OutboxEntry | null> {
      const row = statements.byClientId.get(clientMessageId)
      if (row === undefined) return Promise.resolve(null)
      if (row.state !== 'queued') return Promise.resolve(entryOf(row))
      return new Promise((resolve) => {
        const cancel = clock.setTimer(() => resolve(outbox.entry(clientMessageId)), timeoutMs)
        const list = waiters.get(clientMessageId) ?? []
        list.push(() => {
          cancel()
          resolve(outbox.entry(clientMessageId))
        })
        waiters.set(clientMessageId, list)
      })
    },
    /** One entry, or null. */
    entry(clientMessageId: string): OutboxEntry | null {
      const row = statements.byClientId.get(clientMessageId)
      return row === undefined ? null : entryOf(row)
    },
    /** Entries waiting to go out, in order. */
    queued(): OutboxEntry[] {
      return statements.queued.all().map(entryOf)
    },
    /**
     * Puts a failed entry back in the queue, its message pending again: one the relay never took, or one
     * it took whose delivery WeChat refused outright (retryable), which the relay then sends again.
     */
    requeue(clientMessageId: string): Message | null {
      const row = statements.byClientId.get(clientMessageId)
      if (row === undefined || row.state === 'queued') return null
      const local =
        store.message(localMessageIdOf(clientMessageId)) ?? store.messageByClientId(clientMessageId)
      const isRefusedDelivery = local?.status === 'failed' && local.failure?.isRetryable === true
      if (row.state === 'sent' && !isRefusedDelivery) return null
      const pending = local === null ? null : ({ ...local, status: 'pending', failure: null } as Message)
      database.transaction(() => {
        statements.requeue.run(clock.now(), clientMessageId)
        if (pending !== null) store.putMessage(pending)
      })()
      if (pending !== null) options.onMessagesChanged([pending])
      return pending
    },
  }
  return outbox
}

/** The outbox of one replica. */
export type Outbox = ReturnType<typeof createOutbox>

/** The answer an IPC caller gets for an outbox entry. */
export function outcomeOf(entry: OutboxEntry | null, message: Message | null): CommandOutcome<Message> {
  if (message === null) return { ok: false, code: 'not_found', message: 'No such message.' }
  if (entry === null || entry.state === 'queued' || entry.state === 'sent')
    return { ok: true, value: message }
  const code = (RELAY_ERROR_CODES as readonly string[]).includes(entry.failure?.code ?? '')
    ? (entry.failure!.code as RelayErrorCode)
    : 'internal'
  return { ok: false, code, message: entry.failure?.message ?? 'Not sent.' }
}

/** Whether a command changes the conversation itself rather than adding a message. */
export function isConversationCommand(command: OutboxCommand): command is ConversationCommand {
  return (CONVERSATION_COMMANDS as readonly string[]).includes(command)
}

/** An entry as the renderer sees it. */
export function queuedCommandOf(entry: OutboxEntry): QueuedCommand {
  const { seen: _seen, ...request } = entry.request
  const code = entry.failure === null ? null : codeOf(entry.failure.code)
  return {
    clientId: entry.clientMessageId,
    conversationId: entry.conversationId,
    command: entry.command.slice('conversation:'.length) as QueuedCommand['command'],
    request,
    state: entry.state === 'queued' ? 'pending' : entry.state === 'sent' ? 'applied' : 'refused',
    code,
    reason: entry.failure?.message ?? null,
    changedBy: entry.changedBy,
  }
}

function codeOf(code: string): RelayErrorCode {
  return RELAY_ERROR_CODES.find((known) => known === code) ?? 'internal'
}

function failureOf(code: string, message: string, isRetryable: boolean): SendFailure {
  return { code, message, isRetryable }
}
