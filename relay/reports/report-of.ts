import { localTimeOf } from '../../common/domain/business-hours.js'
import type { Tag } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { Wire } from '../../common/relay/wire-type.js'
import type { reportQuerySchema, reportSchema } from '../../common/relay/report-schemas.js'
import type { OpenedGroup, ReportRows } from '../store/report-queries.js'
import type { OnlineSpan } from '../store/report-repository.js'
import { unionLengthOf } from './online-time.js'

/** The report's query after the viewer's role narrowed it. */
export type ReportQuery = Wire<typeof reportQuerySchema>
export type Report = Wire<typeof reportSchema>

/** What a report is computed from: the store's reads for the range, and who is who. */
export interface ReportInputs {
  readonly query: ReportQuery
  readonly rows: ReportRows
  readonly online: readonly OnlineSpan[]
  readonly users: readonly User[]
  readonly tags: readonly Tag[]
  /** Unresolved conversations per holder now. */
  readonly openLoad: ReadonlyMap<string, number>
}

/** The q-quantile (nearest rank) of sorted values, null when there are none. */
export function quantileOf(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!
}

// A typed array sorts numerically in native code: a 90-day report sorts tens of thousands of durations.
const HOUR = 3_600_000

const sortedOf = (values: readonly number[]) => Float64Array.from(values).sort()

function durationsOf(wallMs: readonly number[], businessMs: readonly (number | null)[]) {
  const wall = sortedOf(wallMs)
  const business = sortedOf(businessMs.filter((value): value is number => value !== null))
  return {
    count: wallMs.length,
    medianMs: quantileOf(wall, 0.5),
    p90Ms: quantileOf(wall, 0.9),
    businessMedianMs: quantileOf(business, 0.5),
    businessP90Ms: quantileOf(business, 0.9),
  }
}

/**
 * Every figure of the Reports screen from the store's reads (pure: the repository reads, this counts).
 * Ticket figures follow the ticket's dates: opened, first response and tags by the opening, resolution
 * by the resolution, lost by the window's close, satisfaction by the question. Message counts follow the
 * messages' hours; they filter by account, team and agent (not by tag).
 */
export function reportOf(inputs: ReportInputs): Report {
  const { query, rows } = inputs
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)
  const openedSum = (pick: (group: OpenedGroup) => number) => sum(rows.opened.map(pick))
  const volumeOf = (kind: string) =>
    sum(rows.volumeByHour.filter((row) => row[1] === kind).map((row) => row[2]))
  const ratings = rows.ratings
  const asked = sum(ratings.map((row) => row[1]))
  const rated = ratings.filter((row) => row[0] !== null)
  const ratedCount = sum(rated.map((row) => row[1]))
  const distribution = [1, 2, 3, 4, 5].map((score) =>
    sum(rated.filter((row) => row[0] === score).map((row) => row[1])),
  )
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
      // A conversation starts with its first ticket (a follow without a message starts none).
      conversationsOpened: openedSum((group) => group.firstTickets),
      ticketsOpened: openedSum((group) => group.count),
      ticketsResolved: sum(rows.resolved.map((group) => group.resolutionMs.length)),
      ticketsReopened: openedSum((group) => group.reopened),
      messagesIn: volumeOf('in'),
      messagesOut: volumeOf('out'),
    },
    firstResponse: durationsOf(
      rows.opened.flatMap((group) => group.firstResponseMs),
      rows.opened.flatMap((group) => group.firstResponseBusinessMs),
    ),
    resolution: durationsOf(
      rows.resolved.flatMap((group) => group.resolutionMs),
      rows.resolved.flatMap((group) => group.resolutionBusinessMs),
    ),
    sla: {
      firstResponseBreaches: openedSum((group) => group.firstResponseBreaches),
      nextResponseBreaches: openedSum((group) => group.nextResponseBreaches),
    },
    window: {
      lost: rows.lost,
      saved: volumeOf('saved'),
      quotaRefusals: volumeOf('refused'),
      templates: volumeOf('template'),
    },
    satisfaction: {
      asked,
      rated: ratedCount,
      average: ratedCount === 0 ? null : sum(rated.map((row) => row[0]! * row[1])) / ratedCount,
      distribution,
      responseRate: asked === 0 ? null : ratedCount / asked,
    },
    agents: agentLinesOf(inputs),
    tags: tagLinesOf(inputs),
    ...byLocalTime(query, rows),
  }
}

/** Each key's values, gathered from groups in one pass. */
function gathered<G>(
  groups: readonly G[],
  keysOf: (group: G) => readonly (string | null)[],
  valuesOf: (group: G) => readonly number[],
): Map<string, number[]> {
  const byKey = new Map<string, number[]>()
  for (const group of groups) {
    for (const key of new Set(keysOf(group))) {
      if (key === null) continue
      let values = byKey.get(key)
      if (values === undefined) byKey.set(key, (values = []))
      for (const value of valuesOf(group)) values.push(value)
    }
  }
  return byKey
}

const medianOf = (values: readonly number[] | undefined) => quantileOf(sortedOf(values ?? []), 0.5)
const countOf = (values: readonly number[] | undefined) =>
  (values ?? []).reduce((total, each) => total + each, 0)

function agentLinesOf(inputs: ReportInputs): Report['agents'] {
  const { query, rows } = inputs
  const handled = gathered(
    rows.opened,
    (group) => [group.assignee, group.firstResponseBy],
    (group) => [group.count],
  )
  const firstResponses = gathered(
    rows.opened,
    (group) => [group.firstResponseBy],
    (group) => group.firstResponseMs,
  )
  const resolved = gathered(
    rows.resolved,
    (group) => [group.resolvedBy],
    (group) => [group.resolutionMs.length],
  )
  return inputs.users
    .filter(
      (user) =>
        (query.username === undefined || user.username === query.username) &&
        (query.teamId === undefined || user.teamId === query.teamId),
    )
    .map((user) => ({
      username: user.username,
      displayName: user.displayName,
      handled: countOf(handled.get(user.username)),
      resolved: countOf(resolved.get(user.username)),
      firstResponseMedianMs: medianOf(firstResponses.get(user.username)),
      openLoad: inputs.openLoad.get(user.username) ?? 0,
      onlineMs: unionLengthOf(
        inputs.online.filter((span) => span.username === user.username),
        query.from,
        query.to,
      ),
    }))
    .filter((line) => line.handled > 0 || line.resolved > 0 || line.onlineMs > 0 || line.openLoad > 0)
}

function tagLinesOf(inputs: ReportInputs): Report['tags'] {
  const { rows, query } = inputs
  // Tag sets repeat: each is parsed once.
  const parsed = new Map<string, readonly string[]>()
  const tagsOf = (json: string) => {
    let tags = parsed.get(json)
    if (tags === undefined) parsed.set(json, (tags = JSON.parse(json) as string[]))
    return tags
  }
  const tickets = gathered(
    rows.opened,
    (group) => tagsOf(group.tagIdsJson),
    (group) => [group.count],
  )
  const firstResponses = gathered(
    rows.opened,
    (group) => tagsOf(group.tagIdsJson),
    (group) => group.firstResponseMs,
  )
  const resolutions = gathered(
    rows.resolved,
    (group) => tagsOf(group.tagIdsJson),
    (group) => group.resolutionMs,
  )
  return inputs.tags
    .map((tag) => ({
      tagId: tag.id,
      name: tag.name,
      tickets: countOf(tickets.get(tag.id)),
      firstResponseMedianMs: medianOf(firstResponses.get(tag.id)),
      resolutionMedianMs: medianOf(resolutions.get(tag.id)),
    }))
    .filter((line) => line.tickets > 0 || query.tagId === line.tagId)
}

/** The heatmap and the daily series, in the report's time zone (each hour's local time read once). */
function byLocalTime(query: ReportQuery, rows: ReportRows): Pick<Report, 'heatmap' | 'daily'> {
  const localOfHour = new Map<number, ReturnType<typeof localTimeOf>>()
  const localOf = (at: number) => {
    const hour = at - (at % 3_600_000)
    let local = localOfHour.get(hour)
    if (local === undefined) localOfHour.set(hour, (local = localTimeOf(hour, query.timeZone)))
    return local
  }
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  const days = new Map<string, { opened: number; resolved: number; messagesIn: number }>()
  const dayOf = (at: number) => {
    const date = localOf(at).date
    let day = days.get(date)
    if (day === undefined) days.set(date, (day = { opened: 0, resolved: 0, messagesIn: 0 }))
    return day
  }
  // Every day of the range has its line, zeros included: a chart with gaps would read as missing data.
  for (let at = query.from; at < query.to; at += 3_600_000) dayOf(at)
  for (const [hour, kind, count] of rows.volumeByHour) {
    if (kind !== 'in') continue
    const local = localOf(hour)
    heatmap[local.day]![Math.floor(local.minutes / 60)]! += count
    dayOf(hour).messagesIn += count
  }
  // Counted by hour first: a day's lookup costs far more than an hour's increment.
  const perHour = (lists: readonly (readonly number[])[]) => {
    const counts = new Map<number, number>()
    for (const hours of lists) for (const hour of hours) counts.set(hour, (counts.get(hour) ?? 0) + 1)
    return counts
  }
  for (const [hour, count] of perHour(rows.opened.map((group) => group.openedHours)))
    dayOf(hour * HOUR).opened += count
  for (const [hour, count] of perHour(rows.resolved.map((group) => group.resolvedHours)))
    dayOf(hour * HOUR).resolved += count
  const daily = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({ date, ...day }))
  return { heatmap, daily }
}
