import { localTimeOf } from '../../common/domain/business-hours.js'
import type { Tag } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { Wire } from '../../common/relay/wire-type.js'
import type { reportQuerySchema, reportSchema } from '../../common/relay/report-schemas.js'
import type { OnlineSpan, TicketFact, VolumeRow } from '../store/report-repository.js'
import { unionLengthOf } from './online-time.js'

/** The report's query after the viewer's role narrowed it. */
export type ReportQuery = Wire<typeof reportQuerySchema>
export type Report = Wire<typeof reportSchema>

/** What a report is computed from: facts and counts the store read for the range, and who is who. */
export interface ReportInputs {
  readonly query: ReportQuery
  readonly now: number
  readonly facts: readonly TicketFact[]
  readonly volume: readonly VolumeRow[]
  readonly online: readonly OnlineSpan[]
  readonly conversationsOpened: readonly { readonly id: string; readonly at: number }[]
  readonly accountKeyOf: (conversationId: string) => string
  readonly users: readonly User[]
  readonly tags: readonly Tag[]
  /** Unresolved conversations per holder now. */
  readonly openLoad: ReadonlyMap<string, number>
}

/** The q-quantile (nearest rank) of sorted values, null when there are none. */
export function quantileOf(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!
}

const sortedOf = (values: readonly number[]) => [...values].sort((a, b) => a - b)

function durationsOf(pairs: readonly { readonly wall: number; readonly business: number | null }[]) {
  const wall = sortedOf(pairs.map((pair) => pair.wall))
  const business = sortedOf(pairs.flatMap((pair) => (pair.business === null ? [] : [pair.business])))
  return {
    count: pairs.length,
    medianMs: quantileOf(wall, 0.5),
    p90Ms: quantileOf(wall, 0.9),
    businessMedianMs: quantileOf(business, 0.5),
    businessP90Ms: quantileOf(business, 0.9),
  }
}

/**
 * Every figure of the Reports screen, from the facts of the range (pure: the relay's repositories read,
 * this counts). Ticket figures follow the ticket's dates: opened, first response and tags by the
 * opening, resolution by the resolution, lost by the window's close, satisfaction by the question.
 * Message counts follow the messages' hours; they filter by account, team and agent (not by tag).
 */
export function reportOf(inputs: ReportInputs): Report {
  const { query, now } = inputs
  const within = (at: number | null): at is number => at !== null && at >= query.from && at < query.to
  const teamOfUser = new Map(inputs.users.map((user) => [user.username, user.teamId]))
  const isScopedUser = (username: string | null) =>
    (query.username === undefined || username === query.username) &&
    (query.teamId === undefined || (username !== null && teamOfUser.get(username) === query.teamId))
  const facts = inputs.facts.filter(
    (fact) =>
      (query.accountKey === undefined || fact.accountKey === query.accountKey) &&
      (query.teamId === undefined || fact.teamId === query.teamId) &&
      (query.username === undefined ||
        fact.assignee === query.username ||
        fact.firstResponseBy === query.username) &&
      (query.tagId === undefined || fact.tagIds.includes(query.tagId)),
  )
  const volume = inputs.volume.filter(
    (row) =>
      (query.accountKey === undefined || row.accountKey === query.accountKey) &&
      (query.username === undefined && query.teamId === undefined ? true : isScopedUser(row.username)),
  )
  const sumOf = (kind: VolumeRow['kind']) =>
    volume.reduce((total, row) => total + (row.kind === kind ? row.count : 0), 0)

  const opened = facts.filter((fact) => within(fact.openedAt))
  const resolved = facts.filter((fact) => within(fact.resolvedAt))
  const answered = opened.filter((fact) => fact.firstResponseAt !== null)
  const firstResponseOf = (fact: TicketFact) => ({
    wall: fact.firstResponseAt! - fact.openedAt,
    business: fact.firstResponseBusinessMs,
  })
  const asked = facts.filter((fact) => within(fact.ratingAskedAt))
  const rated = asked.filter((fact) => fact.rating !== null)
  const distribution = [1, 2, 3, 4, 5].map((score) => rated.filter((fact) => fact.rating === score).length)

  return {
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    scope: {
      accountKey: query.accountKey ?? null,
      teamId: query.teamId ?? null,
      username: query.username ?? null,
      tagId: query.tagId ?? null,
    },
    totals: {
      conversationsOpened:
        query.teamId === undefined && query.username === undefined && query.tagId === undefined
          ? inputs.conversationsOpened.filter(
              (row) => query.accountKey === undefined || inputs.accountKeyOf(row.id) === query.accountKey,
            ).length
          : new Set(opened.filter((fact) => fact.ticketNumber === 1).map((fact) => fact.conversationId)).size,
      ticketsOpened: opened.length,
      ticketsResolved: resolved.length,
      ticketsReopened: opened.filter((fact) => fact.reopenedCount > 0).length,
      messagesIn: sumOf('in'),
      messagesOut: sumOf('out'),
    },
    firstResponse: durationsOf(answered.map(firstResponseOf)),
    resolution: durationsOf(
      resolved.map((fact) => ({
        wall: fact.resolvedAt! - fact.openedAt,
        business: fact.resolutionBusinessMs,
      })),
    ),
    sla: {
      firstResponseBreaches: answered.filter((fact) => fact.isFirstResponseBreached).length,
      nextResponseBreaches: opened.reduce((total, fact) => total + fact.nextResponseBreaches, 0),
    },
    window: {
      lost: facts.filter(
        (fact) => fact.firstResponseAt === null && within(fact.windowClosesAt) && fact.windowClosesAt <= now,
      ).length,
      saved: sumOf('saved'),
      quotaRefusals: sumOf('refused'),
      templates: sumOf('template'),
    },
    satisfaction: {
      asked: asked.length,
      rated: rated.length,
      average:
        rated.length === 0 ? null : rated.reduce((total, fact) => total + fact.rating!, 0) / rated.length,
      distribution,
      responseRate: asked.length === 0 ? null : rated.length / asked.length,
    },
    agents: agentLinesOf(inputs, opened, resolved, isScopedUser),
    tags: inputs.tags
      .map((tag) => {
        const tagged = opened.filter((fact) => fact.tagIds.includes(tag.id))
        const tagResolved = resolved.filter((fact) => fact.tagIds.includes(tag.id))
        return {
          tagId: tag.id,
          name: tag.name,
          tickets: tagged.length,
          firstResponseMedianMs: quantileOf(
            sortedOf(
              tagged.filter((fact) => fact.firstResponseAt !== null).map((f) => firstResponseOf(f).wall),
            ),
            0.5,
          ),
          resolutionMedianMs: quantileOf(
            sortedOf(tagResolved.map((fact) => fact.resolvedAt! - fact.openedAt)),
            0.5,
          ),
        }
      })
      .filter((line) => line.tickets > 0 || query.tagId === line.tagId),
    ...byLocalTime(query, volume, opened, resolved),
  }
}

function agentLinesOf(
  inputs: ReportInputs,
  opened: readonly TicketFact[],
  resolved: readonly TicketFact[],
  isScopedUser: (username: string | null) => boolean,
): Report['agents'] {
  const { query } = inputs
  return inputs.users
    .filter((user) => isScopedUser(user.username))
    .map((user) => {
      const handled = opened.filter(
        (fact) => fact.assignee === user.username || fact.firstResponseBy === user.username,
      )
      const firstResponses = sortedOf(
        opened
          .filter((fact) => fact.firstResponseBy === user.username)
          .map((fact) => fact.firstResponseAt! - fact.openedAt),
      )
      const onlineMs = unionLengthOf(
        inputs.online.filter((span) => span.username === user.username),
        query.from,
        query.to,
      )
      return {
        username: user.username,
        displayName: user.displayName,
        handled: handled.length,
        resolved: resolved.filter((fact) => fact.resolvedBy === user.username).length,
        firstResponseMedianMs: quantileOf(firstResponses, 0.5),
        openLoad: inputs.openLoad.get(user.username) ?? 0,
        onlineMs,
      }
    })
    .filter((line) => line.handled > 0 || line.resolved > 0 || line.onlineMs > 0 || line.openLoad > 0)
}

/** The heatmap and the daily series, in the report's time zone (each hour's local time read once). */
function byLocalTime(
  query: ReportQuery,
  volume: readonly VolumeRow[],
  opened: readonly TicketFact[],
  resolved: readonly TicketFact[],
): Pick<Report, 'heatmap' | 'daily'> {
  const localOfHour = new Map<number, ReturnType<typeof localTimeOf>>()
  const localOf = (at: number) => {
    const hour = at - (at % 3_600_000)
    let local = localOfHour.get(hour)
    if (local === undefined) localOfHour.set(hour, (local = localTimeOf(hour, query.timeZone)))
    return local
  }
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  const days = new Map<string, { opened: number; resolved: number; messagesIn: number }>()
  // Every day of the range has its line, zeros included: a chart with gaps would read as missing data.
  for (let at = query.from; at < query.to; at += 3_600_000)
    days.set(localOf(at).date, { opened: 0, resolved: 0, messagesIn: 0 })
  const dayOf = (at: number) => {
    const date = localOf(at).date
    let day = days.get(date)
    if (day === undefined) days.set(date, (day = { opened: 0, resolved: 0, messagesIn: 0 }))
    return day
  }
  for (const row of volume) {
    if (row.kind !== 'in') continue
    const local = localOf(row.hourStart)
    heatmap[local.day]![Math.floor(local.minutes / 60)]! += row.count
    dayOf(row.hourStart).messagesIn += row.count
  }
  for (const fact of opened) dayOf(fact.openedAt).opened++
  for (const fact of resolved) dayOf(fact.resolvedAt!).resolved++
  const daily = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({ date, ...day }))
  return { heatmap, daily }
}
