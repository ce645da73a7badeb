import type { User } from './user.js'

/**
 * Why `receiver` may not be given a conversation by `actor`, or null when they may: one rule, which the
 * relay enforces on every assignment and the console's pickers use to offer only those it would take.
 * A disabled user receives nothing; outside admins, a team member hands over within their team only.
 * Both users are taken as they are now (a team change applies to the next assignment).
 */
export function receiverRefusal(actor: User, receiver: User): string | null {
  if (receiver.isDisabled) return `${receiver.username} is disabled and cannot receive conversations.`
  if (actor.role !== 'admin' && actor.teamId !== null && receiver.teamId !== actor.teamId) {
    return `${receiver.username} is not in your team.`
  }
  return null
}
