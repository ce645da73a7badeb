import { z } from 'zod'
import type { conversationPageSchema, messagePageSchema, sessionResponseSchema } from './answer-schemas.js'
import { agentPresenceSchema, boardSchema, conversationViewersSchema } from './entity-schemas.js'
import type { RelayErrorBody } from './errors.js'
import {
  relayEventSchema,
  sessionRevokedSchema,
  snapshotEndSchema,
  snapshotPageSchema,
  snapshotStartSchema,
  syncCaughtUpSchema,
  syncResetSchema,
  syncStartedSchema,
  type handshakeSchema,
} from './event-schemas.js'
import type { CommandAnswer, CommandRequest, SocketCommandName } from './relay-commands.js'
import type { Wire } from './wire-type.js'

/**
 * The relay ↔ desktop wire contract (socket.io), each type inferred from its schema (event-schemas.ts,
 * answer-schemas.ts): the desktop parses what it receives with the same schemas.
 */

/** One event of the relay's log (see `relayEventSchema`). */
export type RelayEvent = Wire<typeof relayEventSchema>

/** The event types, for exhaustive switches. */
export type RelayEventType = RelayEvent['type']

/** `auth` of the socket.io handshake: the session token and the last `seq` this desktop applied. */
export type RelayHandshake = Wire<typeof handshakeSchema>

/** One page of a snapshot (see `snapshotPageSchema`). */
export type SnapshotPage = Wire<typeof snapshotPageSchema>

/** `snapshot:begun`: the log head the snapshot was read at, and how many entities its pages will carry. */
export type SnapshotStart = Wire<typeof snapshotStartSchema>

/** A command's answer through the socket.io ack. */
export type CommandResult<T> =
  { readonly ok: true; readonly value: T } | ({ readonly ok: false } & RelayErrorBody)

/** What each push of the relay carries, as data: the desktop parses each with its schema. */
export const serverEventSchemas = {
  /**
   * First on every connection: the identity of the relay's log. It changes when the log is replaced (a
   * restored backup); a desktop keeps it beside its cursor and sends it back in the handshake. With it
   * the reply window the relay enforces (`replyWindowSchema`), which the console draws.
   */
  'sync:started': syncStartedSchema,
  /** Events after the handshake's cursor, oldest first, in pages; then `sync:caught-up`. */
  'events:replayed': z.array(relayEventSchema),
  /** The replay reached the head of the log: everything from now on arrives live. */
  'sync:caught-up': syncCaughtUpSchema,
  /** One live event. */
  'event:appended': relayEventSchema,
  /** The live events of one commit, oldest first (a commit of one event is sent as `event:appended`). */
  'events:appended': z.array(relayEventSchema),
  /**
   * The handshake's cursor does not count seqs of this log: it names another log (a restored backup), no
   * log at all, or lies past the head. The desktop drops its copy of the shared state and its cursor
   * becomes 0 of log `logId`; the snapshot or replay from 0 follows on the same connection.
   */
  'sync:reset': syncResetSchema,
  /**
   * Instead of the replay, for a desktop that said `canReceiveSnapshot` and starts from 0 or is far
   * behind: the state as of log `seq`, read in one transaction. Then `snapshot:page`s, then
   * `snapshot:ended`, then `events:replayed` after that `seq` and `sync:caught-up` as usual.
   */
  'snapshot:begun': snapshotStartSchema,
  /** One page of the snapshot; the desktop acks once it is stored (the relay keeps few pages in flight). */
  'snapshot:page': snapshotPageSchema,
  /** Every page was sent: the desktop's cursor becomes `seq`. A snapshot cut short is sent again whole. */
  'snapshot:ended': snapshotEndSchema,
  /** The session ended at the relay (signed out, user disabled): reconnecting will not help. */
  'session:revoked': sessionRevokedSchema,
  /** Everyone's presence right after connecting, then one `presence:changed` per change. Not logged. */
  'presence:snapshot': z.array(agentPresenceSchema),
  /** Who views which conversation right after connecting (those this user may see), then `viewing:changed`. */
  'viewing:snapshot': z.array(conversationViewersSchema),
  /** A user went online, away or offline. */
  'presence:changed': agentPresenceSchema,
  /** Who is viewing a conversation now (soft mark, not logged). */
  'viewing:changed': conversationViewersSchema,
  /** The board after a change, to supervisors who sent `board:watch`. */
  'board:updated': boardSchema,
} as const

/** The name of a push of the relay. */
export type ServerEventName = keyof typeof serverEventSchemas

/** Relay → desktop: each push with its schema's payload; a snapshot page is acked once stored. */
export type ServerToClientEvents = {
  readonly [K in ServerEventName]: K extends 'snapshot:page'
    ? (page: Wire<(typeof serverEventSchemas)[K]>, ack: () => void) => void
    : (payload: Wire<(typeof serverEventSchemas)[K]>) => void
}

/** Desktop → relay commands, each answered through the ack: the socket commands of `relayCommands`. */
export type ClientToServerEvents = {
  readonly [K in SocketCommandName]: (
    request: CommandRequest<K>,
    ack: (result: CommandResult<CommandAnswer<K>>) => void,
  ) => void
}

/** `POST /api/session` answer. */
export type SessionResponse = Wire<typeof sessionResponseSchema>

/** `GET /api/conversations` answer. */
export type ConversationPage = Wire<typeof conversationPageSchema>

/** `GET /api/conversations/:id/messages` answer, newest first. */
export type MessagePage = Wire<typeof messagePageSchema>
