import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'
import { cannedCardSchema } from './entity-schemas.js'

/**
 * Requests desktops send the relay, REST and socket alike. Types are not validation: the relay parses
 * every request with these before acting on it.
 */

/** WeChat's limit on a text customer-service message, in characters (UTF-8 2048 bytes in practice). */
export const MAX_TEXT_LENGTH = 2000

/** Account keys a tag or canned reply is limited to, each once. */
const limitedToAccounts = z
  .array(z.string().regex(ACCOUNT_KEY_PATTERN, 'must be an account key'))
  .max(100)
  .transform((keys) => [...new Set(keys)])

const id = z.string().min(1).max(128)

/** `POST /api/session`. */
export const sessionRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})

/** Outgoing bodies an agent may send; the relay fills WeChat's JSON from these. */
export const outgoingBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }),
  z.object({ type: z.literal('image'), mediaId: id, fileName: z.string().max(256).optional() }),
  z.object({ type: z.literal('voice'), mediaId: id, fileName: z.string().max(256).optional() }),
  z.object({
    type: z.literal('video'),
    mediaId: id,
    thumbMediaId: id,
    title: z.string().max(64),
    description: z.string().max(256),
    fileName: z.string().max(256).optional(),
  }),
  z.object({
    type: z.literal('news'),
    title: z.string().min(1).max(128),
    description: z.string().max(512),
    url: z.url(),
    pictureUrl: z.url(),
  }),
  z.object({
    type: z.literal('miniprogrampage'),
    title: z.string().min(1).max(128),
    appId: id,
    pagePath: z.string().min(1).max(512),
    thumbMediaId: id,
  }),
])

/** `POST /api/conversations/:id/messages` and the socket's `message:send`. */
export const sendMessageRequestSchema = z.object({
  clientMessageId: z.string().min(8).max(64),
  body: outgoingBodySchema,
})

/** `POST /api/conversations/:id/templates`: a template message for a closed window. */
export const sendTemplateRequestSchema = z.object({
  clientMessageId: z.string().min(8).max(64),
  templateId: id,
  url: z.url().optional(),
  data: z.record(z.string().min(1).max(32), z.object({ value: z.string().max(200) })),
})

/** `PUT /api/conversations/:id/assignee`: compare-and-set on the version the caller saw. */
export const assignRequestSchema = z.object({
  assignee: z.string().min(1).max(64).nullable(),
  version: z.number().int().nonnegative(),
})

/** `PUT /api/conversations/:id/status`. */
export const statusRequestSchema = z.object({
  status: z.enum(['open', 'pending', 'resolved']),
  version: z.number().int().nonnegative(),
})

/**
 * `PUT /api/conversations/:id/snooze`: out of the views until `until` (epoch ms) or, with `until` null,
 * until the follower writes; `snooze` null wakes it. Compare-and-set on `version`.
 */
export const snoozeRequestSchema = z.object({
  snooze: z.object({ until: z.number().int().positive().nullable() }).nullable(),
  version: z.number().int().nonnegative(),
})

/** `PUT /api/conversations/:id/tags`. */
export const tagsRequestSchema = z.object({ tagIds: z.array(id).max(50) })

/** `conversation:set-tags` as differences: applied to the relay's current set, so others' tags stay. */
export const tagChangesRequestSchema = z.object({
  added: z.array(id).max(50),
  removed: z.array(id).max(50),
})

/** `PATCH /api/conversations/:id/follower`: the follower panel. */
export const followerUpdateSchema = z.object({
  remark: z.string().max(64).nullable().optional(),
  notes: z.string().max(4000).optional(),
})

/** `POST /api/conversations/:id/notes`: a private note, never sent to WeChat. */
export const noteRequestSchema = z.object({
  clientMessageId: z.string().min(8).max(64),
  text: z.string().trim().min(1).max(4000),
})

/** `POST /api/users` (admins). */
export const createUserRequestSchema = z.object({
  username: z
    .string()
    .regex(/^[a-z0-9_.-]{2,32}$/, 'lower-case letters, digits, dot, dash or underscore, 2 to 32 long'),
  password: z.string().min(8).max(256),
  role: z.enum(['agent', 'supervisor', 'admin']),
  displayName: z.string().min(1).max(64).optional(),
  kfAccount: z.string().max(64).nullable().optional(),
})

/** `GET /api/conversations` query. */
export const listConversationsQuerySchema = z.object({
  status: z.enum(['open', 'pending', 'resolved']).optional(),
  assignee: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque cursor from the previous page. */
  after: z.string().max(128).optional(),
})

/** `GET /api/conversations/:id/messages` query: newest first, `before` a message id. */
export const listMessagesQuerySchema = z.object({
  before: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** `POST /api/tags` (supervisors). */
export const createTagRequestSchema = z.object({
  name: z.string().trim().min(1).max(32),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** The accounts whose conversations it applies to; empty (the default) for every account. */
  accountKeys: limitedToAccounts.default([]),
})

/** `PATCH /api/tags/:id` (supervisors): a new name, colour or accounts, any of them. */
export const updateTagRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(32).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    accountKeys: limitedToAccounts.optional(),
  })
  .refine(
    (change) => change.name !== undefined || change.color !== undefined || change.accountKeys !== undefined,
    { message: 'Send a name, a color or the accounts.' },
  )

/** `POST /api/canned-responses`; `isTeam` needs a supervisor; `image` makes it a picture reply. */
export const cannedResponseRequestSchema = z.object({
  shortCode: z.string().regex(/^[\p{L}\p{N}_-]{1,32}$/u),
  body: z.string().trim().min(1).max(2000),
  isTeam: z.boolean().default(false),
  /** The accounts whose conversations it is offered in; empty (the default) for every account. */
  accountKeys: limitedToAccounts.default([]),
  /** The picture (JPEG, PNG or GIF, checked against its first bytes), base64 without a data: prefix. */
  image: z
    .object({
      fileName: z.string().trim().min(1).max(256),
      dataBase64: z.string().min(1).max(14_000_000),
    })
    .optional(),
  /** A card reply: an article card, or a mini-program card whose thumbnail is `image`. */
  card: cannedCardSchema.optional(),
})

/** Typing forwarded to the follower. */
export const typingRequestSchema = z.object({ conversationId: id, isTyping: z.boolean() })

export type SessionRequest = z.infer<typeof sessionRequestSchema>
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>
export type SendTemplateRequest = z.infer<typeof sendTemplateRequestSchema>
export type AssignRequest = z.infer<typeof assignRequestSchema>
export type StatusRequest = z.infer<typeof statusRequestSchema>
export type TagsRequest = z.infer<typeof tagsRequestSchema>
export type TagChangesRequest = z.infer<typeof tagChangesRequestSchema>
export type FollowerUpdate = z.infer<typeof followerUpdateSchema>
export type NoteRequest = z.infer<typeof noteRequestSchema>
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>
export type CannedResponseRequest = z.infer<typeof cannedResponseRequestSchema>
