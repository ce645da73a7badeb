import type { Message } from './message.js'
import type { WindowHistory } from './reply-window.js'

/** Ticket status of a conversation. */
export type TicketStatus = 'open' | 'pending' | 'resolved'

/** Whether the follower still follows the account. */
export type FollowState = 'subscribed' | 'unsubscribed' | 'unknown'

/** A tag agents apply to conversations; supervisors create them. */
export interface Tag {
  readonly id: string
  readonly name: string
  /** CSS colour, e.g. `#2f9e44`. */
  readonly color: string
}

/** A short preview of the latest message, for the inbox row. */
export interface MessagePreview {
  readonly messageId: string
  readonly direction: Message['direction']
  /** What kind of message it is, so each client can label it in its own language; absent = text. */
  readonly type?: Message['body']['type']
  /** The message's own words (text, transcript, place, title), without a kind label; may be empty. */
  readonly text: string
  readonly createdAt: number
}

/** One follower's conversation: what the inbox needs, kept by the relay. Id = the follower's openid. */
export interface Conversation {
  readonly id: string
  /** The remark an agent set; WeChat no longer returns nicknames. */
  readonly remark: string | null
  readonly followState: FollowState
  /** Where the follower came from: the QR scene of their follow, if any. */
  readonly sourceScene: string | null
  /**
   * The relay heard this follower's follow event. Without it a null `sourceScene` says nothing: the
   * follow may predate the relay, so where they came from is unknown.
   */
  readonly hasSeenFollow: boolean
  readonly firstSeenAt: number
  readonly lastMessage: MessagePreview | null
  /** Epoch ms of the follower's latest message or event; drives "waiting time". */
  readonly lastIncomingAt: number | null
  /** Incoming messages since the team last replied. Per-agent read state lives on the desktop. */
  readonly unreadCount: number
  /** The facts the reply-window policy works from (see common/domain/reply-window). */
  readonly windowHistory: WindowHistory
  /** Username of the agent who owns it; null = unassigned. */
  readonly assignee: string | null
  readonly status: TicketStatus
  readonly ticketNumber: number
  readonly tagIds: readonly string[]
  /** Notes about the follower (the follower panel). */
  readonly notes: string
  /** Bumped on every change: compare-and-set commands carry the version they saw. */
  readonly version: number
  readonly updatedAt: number
}

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
export function displayNameOf(conversation: Pick<Conversation, 'id' | 'remark'>): string {
  if (conversation.remark !== null && conversation.remark.trim() !== '') return conversation.remark
  return `${conversation.id.slice(0, 4)}…${conversation.id.slice(-4)}`
}
