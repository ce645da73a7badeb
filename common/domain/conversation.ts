import type { conversationSchema, messagePreviewSchema, tagSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/*
 * The entities are the relay contract's: each type is what its schema in common/relay/entity-schemas.ts
 * parses, field docs included, so a type and its check cannot drift.
 */

/** A tag agents apply to conversations; supervisors create them. */
export type Tag = Wire<typeof tagSchema>

/** A short preview of the latest message, for the inbox row. */
export type MessagePreview = Wire<typeof messagePreviewSchema>

/** One follower's conversation in one account: what the inbox needs, kept by the relay. */
export type Conversation = Wire<typeof conversationSchema>

/** Ticket status of a conversation. */
export type TicketStatus = Conversation['status']

/** Whether the follower still follows the account. */
export type FollowState = Conversation['followState']

/** Where a follower came from, as far as the relay knows. */
export type FollowOrigin =
  | { readonly kind: 'scene'; readonly scene: string }
  | { readonly kind: 'search-or-direct' }
  | { readonly kind: 'unknown' }

/** A QR scene names the origin; a follow heard without one was a search or a direct follow; else unknown. */
export function followOriginOf(
  conversation: Pick<Conversation, 'sourceScene' | 'hasSeenFollow'>,
): FollowOrigin {
  if (conversation.sourceScene !== null) return { kind: 'scene', scene: conversation.sourceScene }
  return conversation.hasSeenFollow ? { kind: 'search-or-direct' } : { kind: 'unknown' }
}

/** How the console names a follower: the remark, else a short form of the openid. */
export function displayNameOf(conversation: Pick<Conversation, 'openId' | 'remark'>): string {
  if (conversation.remark !== null && conversation.remark.trim() !== '') return conversation.remark
  return `${conversation.openId.slice(0, 4)}…${conversation.openId.slice(-4)}`
}
