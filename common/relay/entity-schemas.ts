import { z } from 'zod'

/**
 * The entities the relay sends desktops, in its answers and its events. The desktop parses everything it
 * receives with these (types are not validation), and the relay's OpenAPI document describes its answers
 * with them. Message bodies and previews are loose: a kind a desktop does not know yet must not break it.
 */

const id = z.string().min(1).max(256)
const epoch = z.number().finite().nonnegative()
const username = z.string().min(1)

const sendFailureSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  wechatErrcode: z.number().int().optional(),
  isRetryable: z.boolean(),
})

/** A message: the body is kept loose (new types must not break old desktops), its kind is checked. */
export const messageSchema = z.object({
  id,
  conversationId: id,
  direction: z.enum(['incoming', 'outgoing', 'internal']),
  body: z.looseObject({ type: z.string().min(1) }),
  status: z.enum(['pending', 'sent', 'failed']),
  createdAt: epoch,
  clientMessageId: z.string().max(64).nullable(),
  senderUsername: z.string().nullable(),
  isAutomatic: z.boolean(),
  wechatMsgId: z.string().nullable(),
  failure: sendFailureSchema.nullable(),
})

const previewSchema = z.object({
  messageId: id,
  direction: z.enum(['incoming', 'outgoing', 'internal']),
  // Loose like message bodies: a kind this desktop does not know yet is shown as a plain message.
  type: z.string().min(1).max(32).optional(),
  text: z.string(),
  createdAt: epoch,
})

/** A conversation, whole. */
export const conversationSchema = z.object({
  id,
  remark: z.string().nullable(),
  followState: z.enum(['subscribed', 'unsubscribed', 'unknown']),
  sourceScene: z.string().nullable(),
  // Events logged before the relay kept this fact carry no value: their origin is unknown.
  hasSeenFollow: z.boolean().default(false),
  firstSeenAt: epoch,
  lastMessage: previewSchema.nullable(),
  lastIncomingAt: epoch.nullable(),
  unreadCount: z.number().int().nonnegative(),
  windowHistory: z.object({
    lastOpenedAt: z.object({ message: epoch.optional(), event: epoch.optional(), payment: epoch.optional() }),
    sendTimes: z.array(epoch),
    isUnsubscribed: z.boolean(),
  }),
  assignee: z.string().nullable(),
  status: z.enum(['open', 'pending', 'resolved']),
  ticketNumber: z.number().int().nonnegative(),
  tagIds: z.array(id),
  notes: z.string(),
  version: z.number().int().nonnegative(),
  updatedAt: epoch,
})

/** A tag. */
export const tagSchema = z.object({ id, name: z.string(), color: z.string() })

/** A canned response (ownerUsername null: the team's). */
export const cannedResponseSchema = z.object({
  id,
  shortCode: z.string(),
  body: z.string(),
  ownerUsername: z.string().nullable(),
  // A relay from before picture replies sends none.
  image: z
    .object({ fileName: z.string(), mimeType: z.string(), byteLength: z.number().int().nonnegative() })
    .nullable()
    .default(null),
})

/** A user as the relay shares it (never a secret). */
export const userSchema = z.object({
  username,
  displayName: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  isDisabled: z.boolean(),
  kfAccount: z.string().nullable(),
  teamId: z.string().nullable(),
})

/** A team and its settings. */
export const teamSchema = z.object({
  id,
  name: z.string(),
  isSharingConversations: z.boolean(),
  isAutoAssigning: z.boolean(),
  agentCap: z.number().int().positive().nullable(),
})

const presenceStatusSchema = z.enum(['online', 'away', 'offline'])

/** Whether a user is online, away or offline, and since when. */
export const agentPresenceSchema = z.object({ username, status: presenceStatusSchema, since: epoch })

/** Who views a conversation now (a soft mark, not logged). */
export const conversationViewersSchema = z.object({ conversationId: id, usernames: z.array(z.string()) })

/** The supervisors' live board. */
export const boardSchema = z.object({
  at: epoch,
  agents: z.array(
    z.object({
      username,
      displayName: z.string(),
      teamId: z.string().nullable(),
      status: presenceStatusSchema,
      openCount: z.number().int().nonnegative(),
      cap: z.number().int().positive().nullable(),
    }),
  ),
  queue: z.array(
    z.object({ conversationId: id, waitingSince: epoch.nullable(), waitingMs: z.number().finite() }),
  ),
  expiring: z.array(
    z.object({
      conversationId: id,
      assignee: z.string().nullable(),
      expiresAt: epoch,
      messagesLeft: z.number().int().nullable(),
      kind: z.enum(['message', 'event', 'payment']),
    }),
  ),
  tagCounts: z.record(z.string(), z.number().int().nonnegative()),
})
