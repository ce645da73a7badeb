import { z } from 'zod'
import type { RelayEvent } from '../../../common/relay/events.js'

/**
 * What main accepts from the relay. Types are not validation: an event that does not parse is refused
 * and reported, never applied to the replica.
 */

const id = z.string().min(1).max(256)
const epoch = z.number().finite().nonnegative()

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

/** A user as the relay shares it. */
export const userSchema = z.object({
  username: z.string().min(1),
  displayName: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  isDisabled: z.boolean(),
  kfAccount: z.string().nullable(),
  teamId: z.string().nullable(),
})

const head = { seq: z.number().int().positive(), at: epoch }

/** One event of the relay's log. */
export const relayEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...head,
    type: z.literal('message.created'),
    message: messageSchema,
    conversation: conversationSchema,
  }),
  z.object({
    ...head,
    type: z.literal('message.updated'),
    message: messageSchema,
    conversation: conversationSchema,
  }),
  z.object({ ...head, type: z.literal('conversation.updated'), conversation: conversationSchema }),
  z.object({ ...head, type: z.literal('tag.upserted'), tag: tagSchema }),
  z.object({ ...head, type: z.literal('canned-response.upserted'), cannedResponse: cannedResponseSchema }),
  z.object({ ...head, type: z.literal('canned-response.deleted'), cannedResponseId: id }),
  z.object({ ...head, type: z.literal('user.upserted'), user: userSchema }),
  z.object({ ...head, type: z.literal('conversation.erased'), conversationId: id }),
  z.object({ ...head, type: z.literal('messages.expired'), before: epoch }),
])

/** Parses one event; the problem in words when it does not parse. */
export function parseRelayEvent(
  value: unknown,
): { readonly ok: true; readonly event: RelayEvent } | { readonly ok: false; readonly problem: string } {
  const result = relayEventSchema.safeParse(value)
  if (result.success) return { ok: true, event: result.data as RelayEvent }
  const issue = result.error.issues[0]
  return { ok: false, problem: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'malformed'}` }
}
