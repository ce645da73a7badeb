import { z } from 'zod'
import type { Message } from '../../../common/domain/message.js'
import { snapshotPageSchema, snapshotStartSchema } from '../../../common/relay/event-schemas.js'
import type { SnapshotStart } from '../../../common/relay/events.js'
import type { ValidatedSnapshotPage } from '../replica/replica-store.js'
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
  | {
      readonly ok: true
      readonly page: ValidatedSnapshotPage
      readonly refusals: readonly SnapshotRefusal[]
    }
  | { readonly ok: false; readonly problem: string }

const listSchema = z.array(z.unknown())
/** The fields every message has: all of the schema's but `media`, which only messages with media carry. */
const MESSAGE_FIELDS = Object.keys(messageSchema.shape).filter((key) => key !== 'media').length
/** `snapshotPageSchema`'s lists, each entity left for its own schema so one bad entity costs only itself. */
const pageShapeSchema = snapshotPageSchema.extend({
  conversations: listSchema,
  messages: listSchema,
  tags: listSchema.optional(),
  cannedResponses: listSchema.optional(),
  users: listSchema.optional(),
})

/** Parses `snapshot:begun`; null when it does not parse. */
export function parseSnapshotStart(value: unknown): SnapshotStart | null {
  const result = snapshotStartSchema.safeParse(value)
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
  const valid = <S extends z.ZodType>(name: string, schema: S, values: readonly unknown[]): z.output<S>[] => {
    const entities: z.output<S>[] = []
    values.forEach((entity, index) => {
      const result = schema.safeParse(entity)
      if (result.success) entities.push(result.data)
      else refusals.push({ problem: `snapshot ${name}.${index}.${problemOf(result.error)}`, value: entity })
    })
    return entities
  }
  const messages: { message: Message; json: string }[] = []
  shape.data.messages.forEach((json, index) => {
    const parsed = parsedMessage(json)
    if ('problem' in parsed)
      refusals.push({ problem: `snapshot messages.${index}${parsed.problem}`, value: json })
    else messages.push(parsed)
  })
  const { tags, cannedResponses, users } = shape.data
  const page: ValidatedSnapshotPage = {
    conversations: valid('conversations', conversationSchema, shape.data.conversations),
    messages,
    ...(tags === undefined ? {} : { tags: valid('tags', tagSchema, tags) }),
    ...(cannedResponses === undefined
      ? {}
      : { cannedResponses: valid('cannedResponses', cannedResponseSchema, cannedResponses) }),
    ...(users === undefined ? {} : { users: valid('users', userSchema, users) }),
  }
  return { ok: true, page, refusals }
}

/** A message's JSON text, validated; the text is kept for storing unless validation dropped part of it. */
function parsedMessage(json: unknown): { message: Message; json: string } | { problem: string } {
  if (typeof json !== 'string') return { problem: ': not JSON text' }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return { problem: ': not JSON text' }
  }
  // Nearly every message is exactly what the relay writes: checked field by field here, in a fraction
  // of the schema's time. Anything else (a refusal, a field this desktop does not know) takes the schema.
  if (isExactMessage(value)) return { message: value, json }
  const result = messageSchema.safeParse(value)
  if (!result.success) return { problem: `.${problemOf(result.error)}` }
  const message = result.data
  const raw = value as Record<string, unknown>
  // Fields this desktop does not know are dropped by the schema: then the text is not what was checked.
  // Media is checked deep; its text is written again rather than compared.
  const isWhole =
    Object.keys(raw).length === MESSAGE_FIELDS &&
    (message.failure === null ||
      Object.keys(raw['failure'] as object).length === Object.keys(message.failure).length)
  return { message, json: isWhole ? json : JSON.stringify(message) }
}

const DIRECTIONS: ReadonlySet<unknown> = new Set(['incoming', 'outgoing', 'internal'])
const STATUSES: ReadonlySet<unknown> = new Set(['pending', 'sent', 'failed'])

/**
 * True only for a value `messageSchema` takes unchanged: every field it knows, no other, no failure, no media.
 * False says nothing: the schema then decides, and explains a refusal.
 */
function isExactMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false
  const message = value as Record<string, unknown>
  const body = message['body']
  return (
    Object.keys(message).length === MESSAGE_FIELDS &&
    isId(message['id']) &&
    isId(message['conversationId']) &&
    DIRECTIONS.has(message['direction']) &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { type?: unknown }).type === 'string' &&
    (body as { type: string }).type.length > 0 &&
    STATUSES.has(message['status']) &&
    isEpoch(message['createdAt']) &&
    (message['clientMessageId'] === null ||
      (typeof message['clientMessageId'] === 'string' && message['clientMessageId'].length <= 64)) &&
    (message['senderUsername'] === null || typeof message['senderUsername'] === 'string') &&
    typeof message['isAutomatic'] === 'boolean' &&
    (message['wechatMsgId'] === null || typeof message['wechatMsgId'] === 'string') &&
    message['failure'] === null
  )
}

function isId(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 256
}

function isEpoch(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}`
}
