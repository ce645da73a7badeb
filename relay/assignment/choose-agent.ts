import { isWithinAccounts } from '../../common/domain/account.js'

/** An agent auto-assignment may route to: their load, their cap and when they last received one. */
export interface AgentLoad {
  readonly username: string
  readonly openCount: number
  /** Null = no cap. */
  readonly cap: number | null
  /** Epoch ms of their latest assignment; null = never. */
  readonly lastAssignedAt: number | null
  /** The official accounts their team answers for; empty for every account. */
  readonly accountKeys: readonly string[]
}

/**
 * The agent a new conversation goes to: fewest open conversations among those under their cap, ties
 * to whoever waited longest since their last assignment (never assigned first), then by name so the
 * choice is deterministic. Only agents whose team answers the conversation's account `accountKey`. Null
 * when every such agent is at their cap.
 */
export function chooseAgent(candidates: readonly AgentLoad[], accountKey: string): AgentLoad | null {
  let best: AgentLoad | null = null
  for (const candidate of candidates) {
    if (candidate.cap !== null && candidate.openCount >= candidate.cap) continue
    if (!isWithinAccounts(candidate.accountKeys, accountKey)) continue
    if (best === null || isBetter(candidate, best)) best = candidate
  }
  return best
}

function isBetter(candidate: AgentLoad, best: AgentLoad): boolean {
  if (candidate.openCount !== best.openCount) return candidate.openCount < best.openCount
  const waited = candidate.lastAssignedAt ?? Number.NEGATIVE_INFINITY
  const bestWaited = best.lastAssignedAt ?? Number.NEGATIVE_INFINITY
  if (waited !== bestWaited) return waited < bestWaited
  return candidate.username < best.username
}
