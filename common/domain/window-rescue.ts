import type { windowRescueSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'
import type { PresenceStatus } from './team.js'

/**
 * What a team does when a reply window is about to close on a conversation nobody is answering: a
 * conversation whose follower wrote and whose holder is away or offline is lost to WeChat's 48 hours
 * unless someone acts. `minutesBefore` how early; `action` notifies supervisors only, returns it to the
 * queue, or hands it to an online agent with room (the auto-assignment rules); `reclaimOfflineAfterMinutes`
 * takes back what an agent offline that long holds (null: never).
 */
export type WindowRescuePolicy = Wire<typeof windowRescueSchema>

/** The policy of a team that set none, and of conversations held outside any team. */
export const DEFAULT_WINDOW_RESCUE: WindowRescuePolicy = {
  minutesBefore: 60,
  action: 'queue',
  reclaimOfflineAfterMinutes: 30,
}

/** Why the relay moves a conversation away from its holder. */
export type RescueReason = 'window_closing' | 'holder_disabled' | 'holder_offline'

/** What the rule looks at: the holder, whether the follower awaits a reply, and when the window closes. */
export interface RescueFacts {
  readonly holder: { readonly isDisabled: boolean; readonly status: PresenceStatus; readonly since: number }
  /** The follower's latest messages are unanswered. */
  readonly isUnanswered: boolean
  /** When the reply window closes, or null when it is closed already. */
  readonly windowClosesAt: number | null
  readonly at: number
  readonly policy: WindowRescuePolicy
}

/**
 * The one rule for taking a conversation from its holder: held by a disabled user; held by one offline
 * longer than the policy allows; or unanswered, its window closing within `minutesBefore`, its holder
 * not online. Null: leave it where it is.
 */
export function rescueReasonOf(facts: RescueFacts): RescueReason | null {
  const { holder, policy, at } = facts
  if (holder.isDisabled) return 'holder_disabled'
  const offlineLimit = policy.reclaimOfflineAfterMinutes
  if (holder.status === 'offline' && offlineLimit !== null && at - holder.since >= offlineLimit * 60_000)
    return 'holder_offline'
  if (
    facts.isUnanswered &&
    holder.status !== 'online' &&
    facts.windowClosesAt !== null &&
    facts.windowClosesAt > at &&
    facts.windowClosesAt - at <= policy.minutesBefore * 60_000
  )
    return 'window_closing'
  return null
}
