import type { slaPolicySchema, slaTargetsSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'
import { isWithinAccounts } from './account.js'
import { addBusinessMs, ALWAYS_OPEN, type BusinessHours } from './business-hours.js'
import type { Conversation } from './conversation.js'
import type { Team } from './team.js'

/** Response-time targets in minutes; a null target is not measured. */
export type SlaTargets = Wire<typeof slaTargetsSchema>

/** A team's SLA: targets, whether they count business hours only, and per-tag targets. */
export type SlaPolicy = Wire<typeof slaPolicySchema>

/** Which target a waiting follower is measured against, and when it is breached. */
export interface SlaDue {
  readonly kind: 'first_response' | 'next_response'
  /** Epoch ms the target is breached at. */
  readonly dueAt: number
}

/** How close to its target a conversation is: the board and the inbox show the last two. */
export type SlaState = 'ok' | 'near' | 'breached'

/** Within this share of the target's time before the deadline a conversation is "near breach". */
const NEAR_SHARE = 0.25

/**
 * The team whose calendar, SLA and rating question apply to a conversation: its holder's team, else the
 * first team (by name) that answers its account. Null: no team's settings apply.
 */
export function teamOfConversation(
  conversation: Pick<Conversation, 'assignee' | 'accountKey'>,
  teamIdOfUser: (username: string) => string | null,
  teams: readonly Team[],
): Team | null {
  if (conversation.assignee !== null) {
    const teamId = teamIdOfUser(conversation.assignee)
    const held = teams.find((team) => team.id === teamId)
    if (held !== undefined) return held
  }
  const serving = teams
    .filter((team) => isWithinAccounts(team.accountKeys, conversation.accountKey))
    .sort((a, b) => a.name.localeCompare(b.name))
  return serving[0] ?? null
}

/** The targets for a conversation with these tags: the tightest of its tags' targets, else the team's. */
export function targetsOf(policy: SlaPolicy, tagIds: readonly string[]): SlaTargets {
  const tagged = policy.byTag.filter((targets) => tagIds.includes(targets.tagId))
  const tightest = (pick: (targets: SlaTargets) => number | null, fallback: number | null) => {
    const values = tagged.map(pick).filter((value): value is number => value !== null)
    return values.length === 0 ? fallback : Math.min(...values)
  }
  return {
    firstResponseMinutes: tightest((targets) => targets.firstResponseMinutes, policy.firstResponseMinutes),
    nextResponseMinutes: tightest((targets) => targets.nextResponseMinutes, policy.nextResponseMinutes),
  }
}

/**
 * When the conversation's reply is due under the team's SLA, or null when nothing is measured (no SLA,
 * resolved, nothing awaiting an agent's reply, or no target for this kind of reply). Business-hours
 * targets count only the team's open time.
 */
export function slaDueOf(
  conversation: Pick<Conversation, 'status' | 'awaitingReplySince' | 'ticketRepliedAt' | 'tagIds'>,
  team: Pick<Team, 'sla' | 'businessHours'> | null,
): SlaDue | null {
  const policy = team?.sla ?? null
  const since = conversation.awaitingReplySince
  if (policy === null || since === null || conversation.status === 'resolved') return null
  const targets = targetsOf(policy, conversation.tagIds)
  const kind = conversation.ticketRepliedAt === null ? 'first_response' : 'next_response'
  const minutes = kind === 'first_response' ? targets.firstResponseMinutes : targets.nextResponseMinutes
  if (minutes === null) return null
  const calendar = policy.isBusinessHours ? calendarOf(team) : ALWAYS_OPEN
  const dueAt = addBusinessMs(calendar, since, minutes * 60_000)
  return dueAt === null ? null : { kind, dueAt }
}

/** The calendar a team's clocks count in: its own, else around the clock. */
export function calendarOf(team: Pick<Team, 'businessHours'> | null): BusinessHours {
  return team?.businessHours ?? ALWAYS_OPEN
}

/** Where a due reply stands at `now`, given the time its target allows (`targetMs`). */
export function slaStateAt(due: SlaDue, targetMs: number, now: number): SlaState {
  if (now >= due.dueAt) return 'breached'
  return due.dueAt - now <= targetMs * NEAR_SHARE ? 'near' : 'ok'
}

/** The target's length in ms for a due reply of a conversation with these tags. */
export function targetMsOf(policy: SlaPolicy, tagIds: readonly string[], kind: SlaDue['kind']): number {
  const targets = targetsOf(policy, tagIds)
  const minutes = kind === 'first_response' ? targets.firstResponseMinutes : targets.nextResponseMinutes
  return (minutes ?? 0) * 60_000
}
