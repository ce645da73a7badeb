/** What a follower did, as WeChat counts it for the customer-service window (reference §2.4). */
export type Interaction = 'message' | 'event' | 'unsubscribe' | 'subscribe'

interface Opening {
  openedAt: number
  used: number
}

interface FollowerState {
  isFollowing: boolean
  message: Opening | null
  event: Opening | null
  lastInteractionAt: number
}

/** The window rules the simulator enforces; quotas are options because WeChat changed them before. */
export interface SimulatorWindowRules {
  readonly messageWindowMs: number
  readonly messageQuota: number
  readonly eventWindowMs: number
  readonly eventQuota: number
}

/** WeChat's table for service accounts as of 2023 (reference §2.4). */
export const WECHAT_WINDOW_RULES: SimulatorWindowRules = {
  messageWindowMs: 48 * 3_600_000,
  messageQuota: 5,
  eventWindowMs: 60_000,
  eventQuota: 3,
}

/**
 * The simulator's own bookkeeping of reply windows, written from the reference rather than shared
 * with the relay's policy, so a mistake in one is caught by the other.
 */
export function createSimulatorWindows(now: () => number, rules: SimulatorWindowRules = WECHAT_WINDOW_RULES) {
  const followers = new Map<string, FollowerState>()

  const stateOf = (openId: string): FollowerState | undefined => followers.get(openId)

  return {
    /** Whether WeChat knows this openid as one of the account's followers (ever followed). */
    isKnown(openId: string): boolean {
      return followers.has(openId)
    },
    isFollowing(openId: string): boolean {
      return followers.get(openId)?.isFollowing ?? false
    },
    /** Records what a follower did at `at` (defaults to now). */
    record(openId: string, interaction: Interaction, at: number = now()): void {
      const state = followers.get(openId) ?? {
        isFollowing: true,
        message: null,
        event: null,
        lastInteractionAt: at,
      }
      followers.set(openId, state)
      state.lastInteractionAt = at
      if (interaction === 'unsubscribe') {
        state.isFollowing = false
        state.message = null
        state.event = null
        return
      }
      state.isFollowing = true
      // Each opener resets its window to the full quota (design choice recorded in reference §2.4).
      if (interaction === 'message') state.message = { openedAt: at, used: 0 }
      else state.event = { openedAt: at, used: 0 }
    },
    /** Takes one message from the window for a customer-service send: 0, or the errcode WeChat answers. */
    consume(openId: string): 0 | 40003 | 45015 | 45047 {
      const state = stateOf(openId)
      if (state === undefined) return 40003
      if (!state.isFollowing) return 45015
      const at = now()
      const candidates = [
        { opening: state.message, windowMs: rules.messageWindowMs, quota: rules.messageQuota },
        { opening: state.event, windowMs: rules.eventWindowMs, quota: rules.eventQuota },
      ].filter((c) => c.opening !== null && at < c.opening.openedAt + c.windowMs && at >= c.opening.openedAt)
      if (candidates.length === 0) return 45015
      candidates.sort((a, b) => b.opening!.openedAt + b.windowMs - (a.opening!.openedAt + a.windowMs))
      const usable = candidates.find((c) => c.opening!.used < c.quota)
      if (usable === undefined) return 45047
      usable.opening!.used += 1
      state.lastInteractionAt = at
      return 0
    },
    /** Whether a send would be taken now, without using quota (typing needs this). */
    canSend(openId: string): boolean {
      const state = stateOf(openId)
      if (state === undefined || !state.isFollowing) return false
      const at = now()
      return (
        (state.message !== null &&
          at < state.message.openedAt + rules.messageWindowMs &&
          state.message.used < rules.messageQuota) ||
        (state.event !== null &&
          at < state.event.openedAt + rules.eventWindowMs &&
          state.event.used < rules.eventQuota)
      )
    },
    /** Epoch ms of the latest exchange with the follower, either way. */
    lastInteractionAt(openId: string): number | null {
      return stateOf(openId)?.lastInteractionAt ?? null
    },
  }
}

/** The simulator's window bookkeeping. */
export type SimulatorWindows = ReturnType<typeof createSimulatorWindows>
