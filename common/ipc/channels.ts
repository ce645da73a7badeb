import type { AccountSummary } from '../domain/account.js'
import { z } from 'zod'
import type { Conversation, Tag } from '../domain/conversation.js'
import type { Message } from '../domain/message.js'
import type { ReplyWindowConfig } from '../domain/reply-window.js'
import type { AgentPresence, Board, ConversationViewers, Team } from '../domain/team.js'
import type { CannedPicture, CannedResponse, User } from '../domain/user.js'
import type { RelayErrorCode } from '../relay/errors.js'
import type { CommandSpec } from '../relay/command-spec.js'
import {
  relayCommands,
  type CommandName,
  type CommandRequest,
  type ParsedCommandAnswer,
  type ParsedCommandRequest,
} from '../relay/relay-commands.js'
import {
  cannedResponseRequestSchema,
  createUserRequestSchema,
  followerUpdateSchema,
  outgoingBodySchema,
  sendTemplateRequestSchema,
  snoozeRequestSchema,
} from '../relay/schemas.js'
import {
  bulkAssignRequestSchema,
  createTeamRequestSchema,
  handoverRequestSchema,
  presenceRequestSchema,
  updateTeamRequestSchema,
  updateUserRequestSchema,
  viewingRequestSchema,
} from '../relay/shared-state-schemas.js'
/**
 * The one main ↔ renderer contract. The renderer asks with `invoke` channels (`noun:verb`) and hears
 * facts on push channels (`noun:past-tense`). Main validates every request with the schema below.
 */

const conversationId = z.string().min(1).max(128)
const clientMessageId = z.string().min(8).max(64)
const username = z.string().min(1).max(64)

/** How this computer tells its agent of new conversations and of new messages in theirs. */
export const notificationPreferencesSchema = z.object({
  /** Native notifications at all. */
  isEnabled: z.boolean(),
  /** The system's notification sound with them. */
  hasSound: z.boolean(),
})

/** The notification preferences of this computer (kept by main across restarts and sign-ins). */
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>

/** The languages the console speaks; main speaks the agent's choice too (tray, notifications). */
export const uiLanguageSchema = z.enum(['en', 'zh-CN'])

/** A language of the console. */
export type UiLanguage = z.infer<typeof uiLanguageSchema>

/** The table's commands the console runs as they are (`isConsoleCall`), through `relay:call`. */
export type ConsoleCommandName = {
  [K in CommandName]: (typeof relayCommands)[K] extends { readonly isConsoleCall: true } ? K : never
}[CommandName]

/** One console command and its request, as the renderer sends it on `relay:call`. */
export type ConsoleCall = {
  [N in ConsoleCommandName]: { readonly name: N; readonly request: CommandRequest<N> }
}[ConsoleCommandName]

/** A console command as main runs it: its request parsed by the table's schema. */
export type ParsedConsoleCall = {
  [N in ConsoleCommandName]: { readonly name: N; readonly request: ParsedCommandRequest<N> }
}[ConsoleCommandName]

/** What some console command answers; the renderer's `callRelay` narrows it by the command's name. */
export type ConsoleAnswer = ParsedCommandAnswer<ConsoleCommandName>

/** The console commands at run time, read from the table. */
export const CONSOLE_COMMANDS = (Object.keys(relayCommands) as CommandName[]).filter(
  (name): name is ConsoleCommandName => (relayCommands[name] as CommandSpec).isConsoleCall === true,
)

/** `relay:call`: a console command's name, and its request parsed with the table's own schema. */
const consoleCallSchema = z
  .object({ name: z.enum(CONSOLE_COMMANDS), request: z.unknown() })
  .transform((call, context): ParsedConsoleCall => {
    const spec: CommandSpec = relayCommands[call.name]
    const parsed = spec.request.safeParse(call.request ?? {})
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        context.addIssue({ code: 'custom', message: issue.message, path: ['request', ...issue.path] })
      return z.NEVER
    }
    // Parsed by the schema of the command it names, so the pair is one of ParsedConsoleCall's.
    return { name: call.name, request: parsed.data } as ParsedConsoleCall
  })

/** Request schemas, one per invoke channel: main parses with these before doing anything. */
export const invokeRequestSchemas = {
  'session:get': z.null(),
  'preferences:notifications': z.null(),
  'preferences:set-notifications': notificationPreferencesSchema.partial(),
  'preferences:set-language': z.object({ language: uiLanguageSchema }),
  'session:sign-in': z.object({
    relayUrl: z.url(),
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  }),
  'session:sign-out': z.object({ wipeReplica: z.boolean() }),
  'connection:get': z.null(),
  'connection:reconnect': z.null(),
  'inbox:list': z.null(),
  'commands:list': z.null(),
  'messages:list': z.object({
    conversationId,
    before: z.string().max(128).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  'messages:send': z.object({ conversationId, clientMessageId, body: outgoingBodySchema }),
  'messages:retry': z.object({ clientMessageId }),
  'templates:send': sendTemplateRequestSchema.extend({ conversationId }),
  'notes:add': z.object({ conversationId, clientMessageId, text: z.string().trim().min(1).max(4000) }),
  'media:upload': z.object({
    conversationId,
    fileName: z.string().min(1).max(256),
    mimeType: z.string().min(1).max(64),
    // A 10 MB video as base64, and a little.
    dataBase64: z.string().min(1).max(14_500_000),
  }),
  'conversations:assign': z.object({
    conversationId,
    assignee: z.string().min(1).max(64).nullable(),
    version: z.number().int().nonnegative(),
  }),
  'conversations:set-status': z.object({
    conversationId,
    status: z.enum(['open', 'pending', 'resolved']),
    version: z.number().int().nonnegative(),
  }),
  'conversations:snooze': snoozeRequestSchema.extend({ conversationId }),
  'conversations:set-tags': z.object({ conversationId, tagIds: z.array(z.string().min(1).max(128)).max(50) }),
  'conversations:update-follower': followerUpdateSchema.extend({ conversationId }),
  'conversations:mark-read': z.object({ conversationId }),
  'conversations:mark-unread': z.object({ conversationId }),
  'typing:send': z.object({ conversationId, isTyping: z.boolean() }),
  'search:query': z.object({
    text: z.string().trim().min(1).max(200),
    conversationId: conversationId.optional(),
    tagId: z.string().max(128).optional(),
    fromTime: z.number().int().optional(),
    toTime: z.number().int().optional(),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  'drafts:get': z.object({ conversationId }),
  'drafts:set': z.object({ conversationId, text: z.string().max(20_000) }),
  'tags:list': z.null(),
  'canned-responses:list': z.null(),
  'canned-responses:create': cannedResponseRequestSchema,
  'canned-responses:delete': z.object({ id: z.string().min(1).max(128) }),
  /** Uploads a picture canned response's image to WeChat (through the relay) for an image message. */
  /** Uploaded to the account of the conversation it is for: media ids are each account's own. */
  'canned-responses:upload-image': z.object({
    id: z.string().min(1).max(128),
    conversationId: z.string().min(1).max(256),
  }),
  /** The picture of a picture canned response, to show it. */
  'canned-responses:image': z.object({ id: z.string().min(1).max(128) }),
  'users:list': z.null(),
  'users:create': createUserRequestSchema,
  'users:update': updateUserRequestSchema.extend({ username }),
  'users:open-conversations': z.object({ username }),
  'users:handover': handoverRequestSchema.extend({ username }),
  'teams:list': z.null(),
  'teams:create': createTeamRequestSchema,
  'teams:update': updateTeamRequestSchema.extend({ id: z.string().min(1).max(128) }),
  'conversations:bulk-assign': bulkAssignRequestSchema,
  'conversations:view': viewingRequestSchema,
  'presence:list': z.null(),
  'presence:set': presenceRequestSchema,
  'viewing:list': z.null(),
  'board:get': z.null(),
  /** A command of the relay's table the console runs as it is (`isConsoleCall`); the relay authorizes it. */
  'relay:call': consoleCallSchema,
} as const

/** The request type of an invoke channel. */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeRequestSchemas)[C]>

/** Who is signed in where. */
export interface SessionState {
  readonly relayUrl: string | null
  readonly user: User | null
  /** The reply window the relay enforces, what the console draws; absent, WeChat's table. */
  readonly replyWindow?: ReplyWindowConfig
  /** The official accounts the relay serves, as it last named them; absent signed out. */
  readonly accounts?: readonly AccountSummary[]
}

/** The relay connection as the agent sees it. */
export type ConnectionState =
  | { readonly state: 'signed-out' }
  | { readonly state: 'connecting' }
  /** `total`: how many a snapshot will bring, when the relay sends one instead of its log. */
  | { readonly state: 'catching-up'; readonly applied: number; readonly total?: number }
  | { readonly state: 'live' }
  | { readonly state: 'offline'; readonly retryAt: number; readonly reason: string }
  | { readonly state: 'revoked'; readonly reason: string }
  /** The local replica file is corrupt or from a newer app: left untouched, nothing synced into it. */
  | { readonly state: 'replica-failed'; readonly reason: string; readonly path: string }

/** A conversation as this agent's inbox shows it: per-agent read state lives on the desktop. */
export interface InboxItem {
  readonly conversation: Conversation
  /** Incoming messages this agent has not read. */
  readonly unreadCount: number
  readonly hasDraft: boolean
}

/** A piece of a search snippet: matches are marked, never given as HTML. */
export interface SnippetPart {
  readonly text: string
  readonly isMatch: boolean
}

/** One search result. */
export interface SearchHit {
  readonly messageId: string
  readonly conversationId: string
  readonly createdAt: number
  readonly snippet: readonly SnippetPart[]
}

/** The answer of a relay command made from the desktop: done, queued for later, or refused. */
export type CommandOutcome<T> =
  | {
      readonly ok: true
      readonly value: T
      /** Offline or unanswered: kept in the outbox, not yet applied; `value` is the state before it. */
      readonly isQueued?: boolean
    }
  | {
      readonly ok: false
      readonly code: RelayErrorCode | 'offline'
      readonly message: string
      /** On `conflict`, the state that won. */
      readonly current?: Conversation
    }

/** A conversation command in the desktop's outbox, as the renderer shows it. */
export interface QueuedCommand {
  readonly clientId: string
  readonly conversationId: string
  readonly command: 'assign' | 'set-status' | 'set-tags' | 'update-follower'
  /** What the agent asked for (assignee, status, added/removed tags, follower fields). */
  readonly request: Readonly<Record<string, unknown>>
  /** `pending` until the relay answers; `refused` keeps the relay's code and plain reason. */
  readonly state: 'pending' | 'applied' | 'refused'
  readonly code: RelayErrorCode | null
  readonly reason: string | null
  /** On `conflict`, who made the change that won (null when unknown). */
  readonly changedBy: string | null
}

/** Renderer → main requests: [request, response]. */
export interface InvokeChannels {
  'session:get': [null, SessionState]
  'preferences:notifications': [null, NotificationPreferences]
  'preferences:set-notifications': [InvokeRequest<'preferences:set-notifications'>, NotificationPreferences]
  /** The renderer keeps the agent's language; it says it at start and on every change, so main speaks it. */
  'preferences:set-language': [InvokeRequest<'preferences:set-language'>, null]
  'session:sign-in': [InvokeRequest<'session:sign-in'>, CommandOutcome<SessionState>]
  'session:sign-out': [InvokeRequest<'session:sign-out'>, SessionState]
  'connection:get': [null, ConnectionState]
  'connection:reconnect': [null, ConnectionState]
  'inbox:list': [null, readonly InboxItem[]]
  'messages:list': [InvokeRequest<'messages:list'>, readonly Message[]]
  /** Stored in the outbox first: answers with the pending message even when offline. */
  'messages:send': [InvokeRequest<'messages:send'>, CommandOutcome<Message>]
  'messages:retry': [InvokeRequest<'messages:retry'>, CommandOutcome<Message>]
  'templates:send': [InvokeRequest<'templates:send'>, CommandOutcome<Message>]
  'notes:add': [InvokeRequest<'notes:add'>, CommandOutcome<Message>]
  'media:upload': [
    InvokeRequest<'media:upload'>,
    CommandOutcome<{ readonly mediaId: string; readonly thumbMediaId?: string }>,
  ]
  'conversations:assign': [InvokeRequest<'conversations:assign'>, CommandOutcome<Conversation>]
  'conversations:set-status': [InvokeRequest<'conversations:set-status'>, CommandOutcome<Conversation>]
  'conversations:snooze': [InvokeRequest<'conversations:snooze'>, CommandOutcome<Conversation>]
  'conversations:set-tags': [InvokeRequest<'conversations:set-tags'>, CommandOutcome<Conversation>]
  'conversations:update-follower': [
    InvokeRequest<'conversations:update-follower'>,
    CommandOutcome<Conversation>,
  ]
  'conversations:mark-read': [InvokeRequest<'conversations:mark-read'>, null]
  'conversations:mark-unread': [InvokeRequest<'conversations:mark-unread'>, null]
  'typing:send': [InvokeRequest<'typing:send'>, null]
  'search:query': [InvokeRequest<'search:query'>, readonly SearchHit[]]
  'drafts:get': [InvokeRequest<'drafts:get'>, string]
  'drafts:set': [InvokeRequest<'drafts:set'>, null]
  'tags:list': [null, readonly Tag[]]
  'canned-responses:list': [null, readonly CannedResponse[]]
  'canned-responses:create': [InvokeRequest<'canned-responses:create'>, CommandOutcome<CannedResponse>]
  'canned-responses:delete': [InvokeRequest<'canned-responses:delete'>, CommandOutcome<null>]
  'canned-responses:image': [InvokeRequest<'canned-responses:image'>, CommandOutcome<CannedPicture>]
  'canned-responses:upload-image': [
    InvokeRequest<'canned-responses:upload-image'>,
    CommandOutcome<{ readonly mediaId: string }>,
  ]
  'users:list': [null, readonly User[]]
  'users:create': [InvokeRequest<'users:create'>, CommandOutcome<User>]
  /** Admins: disabling or a new password ends the user's sessions at once. */
  'users:update': [InvokeRequest<'users:update'>, CommandOutcome<User>]
  /** A user's unresolved conversations, the window closing soonest first (self, or supervisors). */
  'users:open-conversations': [
    InvokeRequest<'users:open-conversations'>,
    CommandOutcome<readonly Conversation[]>,
  ]
  /** Shift-end handover: the user's open conversations (or the listed ones) to someone or the queue. */
  'users:handover': [InvokeRequest<'users:handover'>, CommandOutcome<readonly Conversation[]>]
  'teams:list': [null, CommandOutcome<readonly Team[]>]
  'teams:create': [InvokeRequest<'teams:create'>, CommandOutcome<Team>]
  'teams:update': [InvokeRequest<'teams:update'>, CommandOutcome<Team>]
  /** All or nothing: one stale version and nothing moves. */
  'conversations:bulk-assign': [
    InvokeRequest<'conversations:bulk-assign'>,
    CommandOutcome<readonly Conversation[]>,
  ]
  /** Opened or left a conversation: others see a soft "viewing" mark. Best effort, never queued. */
  'conversations:view': [InvokeRequest<'conversations:view'>, null]
  /** Everyone's presence as last heard from the relay. */
  'presence:list': [null, readonly AgentPresence[]]
  /** My status (online, or away by hand or idle detection); main repeats it as the heartbeat. */
  'presence:set': [InvokeRequest<'presence:set'>, CommandOutcome<AgentPresence>]
  /** Who views which conversation, as heard since connecting. */
  'viewing:list': [null, readonly ConversationViewers[]]
  /** Supervisors: the board now; from then on `board:changed` on every change. */
  'commands:list': [null, readonly QueuedCommand[]]
  'board:get': [null, CommandOutcome<Board>]
  'relay:call': [ConsoleCall, CommandOutcome<ConsoleAnswer>]
}

/** Main → renderer pushes: facts, in the past tense. */
export interface PushChannels {
  'inbox:changed': readonly InboxItem[]
  'messages:changed': readonly Message[]
  'connection:changed': ConnectionState
  'session:changed': SessionState
  'tags:changed': readonly Tag[]
  'canned-responses:changed': readonly CannedResponse[]
  'users:changed': readonly User[]
  'teams:changed': readonly Team[]
  /** Everyone's presence after a change. */
  'presence:changed': readonly AgentPresence[]
  'viewing:changed': ConversationViewers
  'board:changed': Board
  /** A notification was clicked: show this conversation. */
  'conversation:focus-requested': { readonly conversationId: string }
  /** Conversation commands queued or answered (pending ones stay listed until the relay answers). */
  'commands:changed': readonly QueuedCommand[]
  /** The relay deleted data: erased followers' conversations, and messages created before `messagesBefore`. */
  'history:removed': {
    readonly conversationIds: readonly string[]
    readonly messagesBefore: number | null
  }
}

/** Every invoke channel name. */
export type InvokeChannel = keyof InvokeChannels
/** Every push channel name. */
export type PushChannel = keyof PushChannels

/** Invoke channel names at run time (the preload and the browser shell check against these). */
export const INVOKE_CHANNELS = Object.keys(invokeRequestSchemas) as InvokeChannel[]

/** Push channel names at run time. */
export const PUSH_CHANNELS: readonly PushChannel[] = [
  'inbox:changed',
  'messages:changed',
  'connection:changed',
  'session:changed',
  'tags:changed',
  'canned-responses:changed',
  'users:changed',
  'teams:changed',
  'presence:changed',
  'viewing:changed',
  'board:changed',
  'conversation:focus-requested',
  'commands:changed',
  'history:removed',
]

/**
 * `window.api`: what the renderer may call. The preload (Electron) and the browser shell both
 * implement it over their transport; the renderer cannot tell them apart.
 */
export interface KefuApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeChannels[C][0]): Promise<InvokeChannels[C][1]>
  /** Subscribes to a push channel; returns the unsubscribe function. */
  on<P extends PushChannel>(channel: P, listener: (payload: PushChannels[P]) => void): () => void
}
