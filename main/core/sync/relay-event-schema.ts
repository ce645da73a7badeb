import type { RelayEvent } from '../../../common/relay/events.js'
import { relayEventSchema } from '../../../common/relay/event-schemas.js'

/**
 * What main accepts from the relay: the contract's own schemas (common/relay), re-exported for the core.
 * Types are not validation: an event that does not parse is refused and reported, never applied to the
 * replica.
 */
export {
  cannedResponseSchema,
  conversationSchema,
  messageSchema,
  tagSchema,
  userSchema,
} from '../../../common/relay/entity-schemas.js'
export { relayEventSchema }

/** Parses one event; the problem in words when it does not parse. */
export function parseRelayEvent(
  value: unknown,
): { readonly ok: true; readonly event: RelayEvent } | { readonly ok: false; readonly problem: string } {
  const result = relayEventSchema.safeParse(value)
  if (result.success) return { ok: true, event: result.data }
  const issue = result.error.issues[0]
  return { ok: false, problem: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'malformed'}` }
}
