import type { Conversation, Tag } from '../domain/conversation.js'
import type { Message } from '../domain/message.js'
import type { ReplyWindowConfig } from '../domain/reply-window.js'
import type { AgentPresence, Board, ConversationViewers } from '../domain/team.js'
import type { CannedResponse, User } from '../domain/user.js'
import type { RelayErrorBody } from './errors.js'
import type { CommandAnswer, CommandRequest, SocketCommandName } from './relay-commands.js'

/**
 * The relay ↔ desktop wire contract (socket.io). Every change to shared state is one event in the
 * relay's log with a monotonically increasing `seq`; each event carries the whole entity after the
 * change, so applying it twice is harmless and the desktop's cursor is simply the last `seq` applied.
 */
export type RelayEvent = { readonly seq: number; readonly at: number } & (
  | { readonly type: 'message.created'; readonly message: Message; readonly conversation: Conversation }
  | { readonly type: 'message.updated'; readonly message: Message; readonly conversation: Conversation }
  | {
      readonly type: 'conversation.updated'
      readonly conversation: Conversation
      /** Present when the assignee changed: whoever held it before is told it left them. */
      readonly previousAssignee?: string | null
    }
  | { readonly type: 'tag.upserted'; readonly tag: Tag }
  | { readonly type: 'canned-response.upserted'; readonly cannedResponse: CannedResponse }
  | {
      readonly type: 'canned-response.deleted'
      readonly cannedResponseId: string
      /** Whose personal reply it was (null: a team reply), so only those who saw it hear of it. */
      readonly ownerUsername?: string | null
    }
  | { readonly type: 'user.upserted'; readonly user: User }
  /**
   * An admin erased the follower: desktops drop the conversation, its messages, drafts and search
   * entries. The relay removed every earlier event of the conversation from its log, so this is all a
   * replay from an older cursor says of it.
   */
  | { readonly type: 'conversation.erased'; readonly conversationId: string }
  /**
   * The relay's retention deleted every message created before `before` (epoch ms) and the previews
   * of those messages: desktops delete the same, by the same rule (see relay/retention).
   */
  | { readonly type: 'messages.expired'; readonly before: number }
)

/** The event types, for exhaustive switches. */
export type RelayEventType = RelayEvent['type']

/** `auth` of the socket.io handshake: the session token and the last `seq` this desktop applied. */
export interface RelayHandshake {
  readonly token: string
  readonly cursor: number
  /**
   * The log the cursor belongs to (`sync:started` named it). A cursor of another log, past the head, or
   * above 0 without a log id is not trusted: the relay answers `sync:reset` and starts the desktop over.
   */
  readonly logId?: string
  /**
   * This desktop applies `snapshot:*`: from cursor 0, or far behind, the relay sends the current state
   * instead of the whole log. Absent: the log is replayed from the cursor whatever its length.
   */
  readonly canReceiveSnapshot?: boolean
}

/**
 * One page of a snapshot: current state, not history. Conversations and messages are those the user may
 * see now, messages in the relay's arrival order. Tags, canned responses and users come on the first page
 * only, each the whole set: what a set does not list is gone.
 */
export interface SnapshotPage {
  readonly conversations: readonly Conversation[]
  /**
   * Each a `Message` as JSON text: the relay writes it straight from its row and the desktop, once it
   * validated it, stores that text. Most of a snapshot is messages; this spares a serialization on
   * each side.
   */
  readonly messages: readonly string[]
  readonly tags?: readonly Tag[]
  readonly cannedResponses?: readonly CannedResponse[]
  readonly users?: readonly User[]
}

/** `snapshot:begun`: the log head the snapshot was read at, and how many entities its pages will carry. */
export interface SnapshotStart {
  readonly seq: number
  readonly conversations: number
  readonly messages: number
  /**
   * The latest retention cutoff in the log up to `seq`: the desktop skips that `messages.expired`, so it
   * drops what it holds from before it (absent: no retention pass yet).
   */
  readonly expiredBefore?: number
}

/** A command's answer through the socket.io ack. */
export type CommandResult<T> =
  { readonly ok: true; readonly value: T } | ({ readonly ok: false } & RelayErrorBody)

/** Relay → desktop. */
export interface ServerToClientEvents {
  /**
   * First on every connection: the identity of the relay's log. It changes when the log is replaced (a
   * restored backup); a desktop keeps it beside its cursor and sends it back in the handshake. With it
   * the reply window the relay enforces (`replyWindowSchema`), which the console draws.
   */
  'sync:started': (info: { readonly logId: string; readonly replyWindow: ReplyWindowConfig }) => void
  /** Events after the handshake's cursor, oldest first, in pages; then `sync:caught-up`. */
  'events:replayed': (events: readonly RelayEvent[]) => void
  /** The replay reached the head of the log: everything from now on arrives live. */
  'sync:caught-up': (info: { readonly cursor: number }) => void
  /** One live event. */
  'event:appended': (event: RelayEvent) => void
  /** The live events of one commit, oldest first (a commit of one event is sent as `event:appended`). */
  'events:appended': (events: readonly RelayEvent[]) => void
  /**
   * The handshake's cursor does not count seqs of this log: it names another log (a restored backup), no
   * log at all, or lies past the head. The desktop drops its copy of the shared state and its cursor
   * becomes 0 of log `logId`; the snapshot or replay from 0 follows on the same connection.
   */
  'sync:reset': (info: { readonly head: number; readonly logId: string }) => void
  /**
   * Instead of the replay, for a desktop that said `canReceiveSnapshot` and starts from 0 or is far
   * behind: the state as of log `seq`, read in one transaction. Then `snapshot:page`s, then
   * `snapshot:ended`, then `events:replayed` after that `seq` and `sync:caught-up` as usual.
   */
  'snapshot:begun': (info: SnapshotStart) => void
  /** One page of the snapshot; the desktop acks once it is stored (the relay keeps few pages in flight). */
  'snapshot:page': (page: SnapshotPage, ack: () => void) => void
  /** Every page was sent: the desktop's cursor becomes `seq`. A snapshot cut short is sent again whole. */
  'snapshot:ended': (info: { readonly seq: number }) => void
  /** The session ended at the relay (signed out, user disabled): reconnecting will not help. */
  'session:revoked': (info: { readonly reason: string }) => void
  /** Everyone's presence right after connecting, then one `presence:changed` per change. Not logged. */
  'presence:snapshot': (presences: readonly AgentPresence[]) => void
  /** Who views which conversation right after connecting (those this user may see), then `viewing:changed`. */
  'viewing:snapshot': (viewers: readonly ConversationViewers[]) => void
  /** A user went online, away or offline. */
  'presence:changed': (presence: AgentPresence) => void
  /** Who is viewing a conversation now (soft mark, not logged). */
  'viewing:changed': (viewers: ConversationViewers) => void
  /** The board after a change, to supervisors who sent `board:watch`. */
  'board:updated': (board: Board) => void
}

/** Desktop → relay commands, each answered through the ack: the socket commands of `relayCommands`. */
export type ClientToServerEvents = {
  readonly [K in SocketCommandName]: (
    request: CommandRequest<K>,
    ack: (result: CommandResult<CommandAnswer<K>>) => void,
  ) => void
}

/** `POST /api/session` answer. */
export interface SessionResponse {
  readonly token: string
  readonly user: User
}

/** `GET /api/conversations` answer. */
export interface ConversationPage {
  readonly conversations: readonly Conversation[]
  /** Pass as `after` for the next page; null at the end. */
  readonly next: string | null
  /** The log head when the page was read: a desktop may start its live cursor here. */
  readonly cursor: number
}

/** `GET /api/conversations/:id/messages` answer, newest first. */
export interface MessagePage {
  readonly messages: readonly Message[]
  /** Pass as `before` for older messages; null when there are none. */
  readonly before: string | null
}
