import type { Conversation } from './conversation.js'

/**
 * Whether a conversation is snoozed at `now`: until its time, or (no time) until the follower writes,
 * which clears it at the relay. The one rule the inbox's views and counts follow.
 */
export function isSnoozed(conversation: Pick<Conversation, 'snooze'>, now: number): boolean {
  const snooze = conversation.snooze
  return snooze !== null && (snooze.until === null || snooze.until > now)
}
