import { z } from 'zod'
import type { User } from '../domain/user.js'
import type { CommandTable } from './command-spec.js'
import {
  agentPresenceSchema,
  boardSchema,
  conversationSchema,
  conversationViewersSchema,
  messageSchema,
} from './entity-schemas.js'
import { restCommands } from './rest-commands.js'
import { RELAY_ROUTES } from './routes.js'
import {
  assignRequestSchema,
  followerUpdateSchema,
  MAX_TEXT_LENGTH,
  noteRequestSchema,
  sendMessageRequestSchema,
  sendTemplateRequestSchema,
  snoozeRequestSchema,
  statusRequestSchema,
  tagChangesRequestSchema,
  tagsRequestSchema,
  typingRequestSchema,
} from './schemas.js'
import {
  bulkAssignRequestSchema,
  presenceRequestSchema,
  viewingRequestSchema,
} from './shared-state-schemas.js'
import type { DeepReadonly } from './wire-type.js'

const conversationId = z.string().min(1).max(128)
const inConversation = { conversationId }
const conversationPath = { id: 'conversationId' } as const

/** design.md's short form (`{clientId, type: "text", text}`) is accepted beside the full one. */
const sendCommandSchema = z.union([
  sendMessageRequestSchema.extend(inConversation),
  z
    .object({
      conversationId,
      clientId: z.string().min(8).max(64),
      type: z.literal('text'),
      text: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
    })
    .transform((short) => ({
      conversationId: short.conversationId,
      clientMessageId: short.clientId,
      body: { type: 'text' as const, text: short.text },
    })),
])

/**
 * Every command the relay takes, socket and REST alike (the REST-only ones are in rest-commands.ts). The
 * hub and the HTTP server each mount this table through one registrar (relay/hub/socket-commands.ts,
 * relay/http/command-routes.ts), which parses the request, checks the permission, calls the command's
 * handler (relay/commands/command-handlers.ts) and shapes the answer or the error; the OpenAPI document
 * is generated from it, and the desktop parses the answers with its schemas.
 */
export const relayCommands = {
  'message:send': {
    summary:
      'Send a message: checks permission, window and quota, stores it pending (idempotent on ' +
      'clientMessageId) and delivers it; the answer is the stored message, later states arrive as events.',
    request: sendCommandSchema,
    answer: messageSchema,
    permission: 'message:send',
    errors: ['not_found', 'forbidden', 'window_closed', 'quota_exhausted'],
    rest: { method: 'POST', path: RELAY_ROUTES.messages, params: conversationPath, status: 202 },
  },
  'template:send': {
    summary:
      'Send a template message (reference §3.5): allowed with the reply window closed and not counted ' +
      'against its quota; idempotent on clientMessageId. TEMPLATESENDJOBFINISH later settles it as sent or ' +
      'failed.',
    request: sendTemplateRequestSchema.extend(inConversation),
    answer: messageSchema,
    permission: 'message:send',
    errors: ['not_found', 'forbidden'],
    rest: { method: 'POST', path: RELAY_ROUTES.templates, params: conversationPath, status: 202 },
  },
  'typing:send': {
    summary:
      'Show or hide "typing" to the follower. The relay sends WeChat at most one Typing per 15 s and a ' +
      'CancelTyping only while shown; a refusal carries its stable code in error.details.failure.code.',
    request: typingRequestSchema,
    answer: z.null(),
    permission: 'message:send',
    errors: ['not_found', 'forbidden', 'window_closed', 'wechat_error', 'not_configured'],
    rest: { method: 'POST', path: RELAY_ROUTES.typing, params: conversationPath, status: 204 },
  },
  'note:add': {
    summary: 'Add a private note (never sent to WeChat); idempotent on `clientMessageId`.',
    request: noteRequestSchema.extend(inConversation),
    answer: messageSchema,
    permission: 'conversation:work',
    errors: ['not_found', 'forbidden'],
    rest: {
      method: 'POST',
      path: RELAY_ROUTES.notes,
      params: conversationPath,
      status: 201,
      repeatedStatus: 200,
    },
  },
  'conversation:assign': {
    summary:
      'Assign or unassign (agents claim for themselves), compare-and-set on `version`; a stale version is ' +
      'a conflict with the current state.',
    request: assignRequestSchema.extend(inConversation),
    answer: conversationSchema,
    permission: 'conversation:claim',
    errors: ['not_found', 'forbidden', 'conflict'],
    rest: { method: 'PUT', path: RELAY_ROUTES.assignee, params: conversationPath },
  },
  'conversation:set-status': {
    summary: 'Set the ticket status, compare-and-set on `version` (a conflict names who changed it).',
    request: statusRequestSchema.extend(inConversation),
    answer: conversationSchema,
    permission: 'conversation:work',
    errors: ['not_found', 'forbidden', 'conflict'],
    rest: { method: 'PUT', path: RELAY_ROUTES.status, params: conversationPath },
  },
  'conversation:snooze': {
    summary:
      'Snooze a conversation out of the views until a time, or until the follower writes (`until` null); ' +
      '`snooze` null wakes it. A follower’s message always wakes it. Compare-and-set on `version`.',
    request: snoozeRequestSchema.extend(inConversation),
    answer: conversationSchema,
    permission: 'conversation:work',
    errors: ['not_found', 'forbidden', 'conflict', 'invalid'],
    rest: { method: 'PUT', path: RELAY_ROUTES.snooze, params: conversationPath },
  },
  'conversation:set-tags': {
    summary:
      "Change a conversation's tags: differences (`added`, `removed`, applied to the relay's current set so " +
      "others' changes stay) or a whole set (`tagIds`); added and removed ones get activity lines.",
    // Differences first: a desktop's outbox sends those; anyone else may send the whole set.
    request: z.union([
      tagChangesRequestSchema.extend(inConversation),
      tagsRequestSchema.extend(inConversation),
    ]),
    answer: conversationSchema,
    permission: 'conversation:work',
    errors: ['not_found', 'forbidden'],
    rest: { method: 'PUT', path: RELAY_ROUTES.tagsOf, params: conversationPath },
  },
  'conversation:update-follower': {
    summary: 'Edit the follower panel: remark (display name) and notes.',
    request: followerUpdateSchema.extend(inConversation),
    answer: conversationSchema,
    permission: 'conversation:work',
    errors: ['not_found', 'forbidden'],
    rest: { method: 'PATCH', path: RELAY_ROUTES.follower, params: conversationPath },
  },
  'conversations:bulk-assign': {
    summary:
      'Assign many conversations to one user or the queue with an optional handover note; all or nothing ' +
      '(a conflict lists every conversation that changed).',
    request: bulkAssignRequestSchema,
    answer: z.array(conversationSchema),
    permission: 'conversation:claim',
    errors: ['not_found', 'forbidden', 'conflict'],
    rest: { method: 'POST', path: RELAY_ROUTES.bulkAssign },
  },
  'presence:set': {
    summary: 'Heartbeat and manual status; a desktop silent past the relay’s timeout turns offline.',
    request: presenceRequestSchema,
    answer: agentPresenceSchema,
    permission: null,
    errors: [],
  },
  'conversation:view': {
    summary: 'The desktop opened or left a conversation; others see a soft "viewing" mark.',
    request: viewingRequestSchema,
    answer: conversationViewersSchema,
    permission: 'conversation:view',
    errors: ['not_found', 'forbidden'],
  },
  'board:watch': {
    summary:
      'The live board (supervisors): agents with status and load, the queue with waiting times, windows ' +
      'closing within the hour, counts per tag. Over the socket it also sends `board:updated` on changes.',
    request: z.object({}),
    answer: boardSchema,
    permission: 'board:view',
    errors: ['forbidden'],
    rest: { method: 'GET', path: RELAY_ROUTES.board },
  },
  ...restCommands,
} as const satisfies CommandTable

/** The name of a command. */
export type CommandName = keyof typeof relayCommands

/** The names of the commands a socket takes. */
export type SocketCommandName = {
  [K in CommandName]: (typeof relayCommands)[K] extends { readonly isSocket: false } ? never : K
}[CommandName]

/** The names of the commands reached over REST only. */
export type RestOnlyCommandName = Exclude<CommandName, SocketCommandName>

/** Who runs command `K`: a signed-in user, or nobody yet for a public route (signing in). */
export type CommandUser<K extends CommandName> = (typeof relayCommands)[K] extends {
  readonly rest: { readonly isPublic: true }
}
  ? null
  : User

/** What a desktop sends for command `K` (before the relay's parse fills defaults). */
export type CommandRequest<K extends CommandName> = z.input<(typeof relayCommands)[K]['request']>

/** Command `K`'s request as the relay's handler receives it, parsed. */
export type ParsedCommandRequest<K extends CommandName> = z.output<(typeof relayCommands)[K]['request']>

/** What the relay answers for command `K` (read-only: the relay's domain hands out read-only entities). */
export type CommandAnswer<K extends CommandName> = DeepReadonly<z.input<(typeof relayCommands)[K]['answer']>>

/** Command `K`'s answer as the desktop holds it once parsed. */
export type ParsedCommandAnswer<K extends CommandName> = z.output<(typeof relayCommands)[K]['answer']>
