import { z } from 'zod'
import {
  cannedResponseSchema,
  conversationSchema,
  messageSchema,
  tagSchema,
  userSchema,
} from './entity-schemas.js'

const id = z.string().min(1).max(256)
const head = { seq: z.number().int().positive(), at: z.number().finite().nonnegative() }

/**
 * One event of the relay's log, as the desktop parses it before applying it (see `RelayEvent` in
 * events.ts for what each means). An event that does not parse is refused and reported, never applied.
 */
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
  z.object({
    ...head,
    type: z.literal('conversation.updated'),
    conversation: conversationSchema,
    previousAssignee: z.string().nullable().optional(),
  }),
  z.object({ ...head, type: z.literal('tag.upserted'), tag: tagSchema }),
  z.object({ ...head, type: z.literal('canned-response.upserted'), cannedResponse: cannedResponseSchema }),
  z.object({
    ...head,
    type: z.literal('canned-response.deleted'),
    cannedResponseId: id,
    ownerUsername: z.string().nullable().optional(),
  }),
  z.object({ ...head, type: z.literal('user.upserted'), user: userSchema }),
  z.object({ ...head, type: z.literal('conversation.erased'), conversationId: id }),
  z.object({ ...head, type: z.literal('messages.expired'), before: z.number().finite().nonnegative() }),
])
