import { z } from 'zod'
import type { Conversation, Tag } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { CannedResponse, User } from '../../../common/domain/user.js'
import type { SnapshotPage, SnapshotStart } from '../../../common/relay/events.js'
import {
  cannedResponseSchema,
  conversationSchema,
  messageSchema,
  tagSchema,
  userSchema,
} from './relay-event-schema.js'

/** One entity of a snapshot page that did not parse: refused and reported, the rest of the page kept. */
export interface SnapshotRefusal {
  readonly problem: string
  readonly value: unknown
}

/** A page as far as it parsed: the valid entities, and each refused one with its problem. */
export type ParsedSnapshotPage =
  | { readonly ok: true; readonly page: SnapshotPage; readonly refusals: readonly SnapshotRefusal[] }
  | { readonly ok: false; readonly problem: string }

const listSchema = z.array(z.unknown())
const pageShapeSchema = z.object({
  conversations: listSchema,
  messages: listSchema,
  tags: listSchema.optional(),
  cannedResponses: listSchema.optional(),
  users: listSchema.optional(),
})

const startSchema = z.object({
  seq: z.number().int().positive(),
  conversations: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
})

/** Parses `snapshot:begun`; null when it does not parse. */
export function parseSnapshotStart(value: unknown): SnapshotStart | null {
  const result = startSchema.safeParse(value)
  return result.success ? result.data : null
}

/**
 * Parses a `snapshot:page` entity by entity, like events: one malformed message is refused and
 * reported, never applied, and does not cost the others. A page whose shape is wrong is refused whole.
 */
export function parseSnapshotPage(value: unknown): ParsedSnapshotPage {
  const shape = pageShapeSchema.safeParse(value)
  if (!shape.success) return { ok: false, problem: `snapshot page: ${problemOf(shape.error)}` }
  const refusals: SnapshotRefusal[] = []
  const valid = <T>(name: string, schema: z.ZodType, values: readonly unknown[]): T[] => {
    const entities: T[] = []
    values.forEach((entity, index) => {
      const result = schema.safeParse(entity)
      if (result.success) entities.push(result.data as T)
      else refusals.push({ problem: `snapshot ${name}.${index}.${problemOf(result.error)}`, value: entity })
    })
    return entities
  }
  const { tags, cannedResponses, users } = shape.data
  const page: SnapshotPage = {
    conversations: valid<Conversation>('conversations', conversationSchema, shape.data.conversations),
    messages: valid<Message>('messages', messageSchema, shape.data.messages),
    ...(tags === undefined ? {} : { tags: valid<Tag>('tags', tagSchema, tags) }),
    ...(cannedResponses === undefined
      ? {}
      : { cannedResponses: valid<CannedResponse>('cannedResponses', cannedResponseSchema, cannedResponses) }),
    ...(users === undefined ? {} : { users: valid<User>('users', userSchema, users) }),
  }
  return { ok: true, page, refusals }
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}`
}
