/**
 * The reads behind a report, written once for both engines: plain SQL with `?` placeholders (PostgreSQL
 * numbers them), aggregated where SQL is fast at it (counts by hour, by holder, by tag set) and handing
 * back only the durations the percentiles need, so a 90-day report never materialises whole rows.
 */

/** The filters a report's reads apply; `usernames` narrows hourly counts to a team or an agent. */
export interface ReportScope {
  readonly from: number
  readonly to: number
  readonly accountKey?: string
  readonly teamId?: string
  readonly username?: string
  readonly tagId?: string
  /** The agents whose hourly counts are counted; undefined for everyone's (and nobody's). */
  readonly usernames?: readonly string[]
  /** Windows that closed by this instant and before any reply count as lost. */
  readonly now: number
}

/** Tickets opened in the range that share a holder, a first responder and a tag set. */
export interface OpenedGroup {
  readonly assignee: string | null
  readonly firstResponseBy: string | null
  readonly tagIdsJson: string
  readonly count: number
  readonly reopened: number
  readonly firstResponseBreaches: number
  readonly nextResponseBreaches: number
  /** First tickets: conversations started. */
  readonly firstTickets: number
  /** Each ticket's hour of opening (epoch hours). */
  readonly openedHours: readonly number[]
  /** Each answered ticket's wall-clock and business ms to the first reply (null: not measured). */
  readonly firstResponseMs: readonly number[]
  readonly firstResponseBusinessMs: readonly (number | null)[]
}

/** Tickets resolved in the range that share a resolver and a tag set. */
export interface ResolvedGroup {
  readonly resolvedBy: string | null
  readonly tagIdsJson: string
  /** Each ticket's hour of resolution (epoch hours), wall and business ms from opening. */
  readonly resolvedHours: readonly number[]
  readonly resolutionMs: readonly number[]
  readonly resolutionBusinessMs: readonly (number | null)[]
}

/** What the reads answer. */
export interface ReportRows {
  readonly opened: readonly OpenedGroup[]
  readonly resolved: readonly ResolvedGroup[]
  readonly lost: number
  /** Of rating questions asked in the range: per rating (null: unanswered), how many. */
  readonly ratings: readonly (readonly [rating: number | null, count: number])[]
  /** Per hour and kind: the hourly counts' sum. */
  readonly volumeByHour: readonly (readonly [hour: number, kind: string, count: number])[]
}

/** Which read answers what. */
export type ReportReadKey = 'opened' | 'resolved' | 'lost' | 'ratings' | 'volumeByHour'

/** One read: its SQL and values. */
export interface ReportStatement {
  readonly key: ReportReadKey
  readonly sql: string
  readonly values: readonly unknown[]
}

/** How each engine joins a group's values into one text: the reads hand back a few rows, not one per ticket. */
export type ListOf = (expression: string) => string

export const SQLITE_LIST_OF: ListOf = (expression) => `group_concat(${expression})`
export const POSTGRES_LIST_OF: ListOf = (expression) => `string_agg((${expression})::text, ',')`

const HOUR = 3_600_000

/** The facts' filters, after the range condition on `column`. */
function factFilters(scope: ReportScope): { readonly sql: string; readonly values: unknown[] } {
  const parts: string[] = []
  const values: unknown[] = []
  const add = (part: string, ...partValues: unknown[]) => {
    parts.push(part)
    values.push(...partValues)
  }
  if (scope.accountKey !== undefined) add('account_key = ?', scope.accountKey)
  if (scope.teamId !== undefined) add('team_id = ?', scope.teamId)
  if (scope.username !== undefined)
    add('(assignee = ? OR first_response_by = ?)', scope.username, scope.username)
  // Tag ids are written as JSON strings: the quotes keep one id from matching inside another.
  if (scope.tagId !== undefined) add('tag_ids_json LIKE ?', `%${JSON.stringify(scope.tagId)}%`)
  return { sql: parts.map((part) => ` AND ${part}`).join(''), values }
}

/** Every read of a report for `scope`, in the engine's words for joining a group's values. */
export function reportStatementsOf(scope: ReportScope, listOf: ListOf): ReportStatement[] {
  const { from, to } = scope
  const filters = factFilters(scope)
  const answered = (expression: string) => `CASE WHEN first_response_at IS NOT NULL THEN ${expression} END`
  const volumeFilters: string[] = []
  const volumeValues: unknown[] = [from, to]
  if (scope.accountKey !== undefined) {
    volumeFilters.push('account_key = ?')
    volumeValues.push(scope.accountKey)
  }
  if (scope.usernames !== undefined) {
    volumeFilters.push(
      scope.usernames.length === 0 ? '1 = 0' : `username IN (${scope.usernames.map(() => '?').join(', ')})`,
    )
    volumeValues.push(...scope.usernames)
  }
  return [
    {
      key: 'opened',
      sql: `SELECT assignee, first_response_by, tag_ids_json, count(*),
              count(*) FILTER (WHERE reopened_count > 0), count(*) FILTER (WHERE first_response_breached = 1),
              sum(next_response_breaches), count(*) FILTER (WHERE ticket_number = 1),
              ${listOf(`opened_at / ${HOUR}`)},
              ${listOf(answered('first_response_at - opened_at'))},
              ${listOf(answered('coalesce(first_response_business_ms, -1)'))}
            FROM ticket_facts WHERE opened_at >= ? AND opened_at < ?${filters.sql}
            GROUP BY assignee, first_response_by, tag_ids_json`,
      values: [from, to, ...filters.values],
    },
    {
      key: 'resolved',
      sql: `SELECT resolved_by, tag_ids_json, ${listOf(`resolved_at / ${HOUR}`)},
              ${listOf('resolved_at - opened_at')}, ${listOf('coalesce(resolution_business_ms, -1)')}
            FROM ticket_facts WHERE resolved_at >= ? AND resolved_at < ?${filters.sql}
            GROUP BY resolved_by, tag_ids_json`,
      values: [from, to, ...filters.values],
    },
    {
      key: 'lost',
      sql: `SELECT count(*) FROM ticket_facts
            WHERE first_response_at IS NULL AND window_closes_at >= ? AND window_closes_at < ?
              AND window_closes_at <= ?${filters.sql}`,
      values: [from, to, scope.now, ...filters.values],
    },
    {
      key: 'ratings',
      sql: `SELECT rating, count(*) FROM ticket_facts
            WHERE rating_asked_at >= ? AND rating_asked_at < ?${filters.sql} GROUP BY rating`,
      values: [from, to, ...filters.values],
    },
    {
      key: 'volumeByHour',
      sql: `SELECT hour_start, kind, sum(count) FROM report_volume
            WHERE hour_start >= ? AND hour_start < ?${volumeFilters.map((part) => ` AND ${part}`).join('')}
            GROUP BY hour_start, kind`,
      values: volumeValues,
    },
  ]
}

const numbersOf = (text: unknown): number[] =>
  text === null || text === '' ? [] : String(text).split(',').map(Number)
const measuredOf = (text: unknown) => numbersOf(text).map((value) => (value < 0 ? null : value))
const numeric = (value: unknown) => (value === null ? 0 : Number(value))
const textOrNull = (value: unknown) => (value === null ? null : String(value))

/** The answers of each read as the report reads them, numbers as numbers whatever the driver made of them. */
export function reportRowsOf(
  answers: ReadonlyMap<ReportReadKey, readonly (readonly unknown[])[]>,
): ReportRows {
  const rows = (key: ReportReadKey) => answers.get(key) ?? []
  return {
    opened: rows('opened').map((row) => ({
      assignee: textOrNull(row[0]),
      firstResponseBy: textOrNull(row[1]),
      tagIdsJson: String(row[2]),
      count: numeric(row[3]),
      reopened: numeric(row[4]),
      firstResponseBreaches: numeric(row[5]),
      nextResponseBreaches: numeric(row[6]),
      firstTickets: numeric(row[7]),
      openedHours: numbersOf(row[8]),
      firstResponseMs: numbersOf(row[9]),
      firstResponseBusinessMs: measuredOf(row[10]),
    })),
    resolved: rows('resolved').map((row) => ({
      resolvedBy: textOrNull(row[0]),
      tagIdsJson: String(row[1]),
      resolvedHours: numbersOf(row[2]),
      resolutionMs: numbersOf(row[3]),
      resolutionBusinessMs: measuredOf(row[4]),
    })),
    lost: numeric(rows('lost')[0]?.[0] ?? 0),
    ratings: rows('ratings').map((row) => [row[0] === null ? null : Number(row[0]), numeric(row[1])]),
    volumeByHour: rows('volumeByHour').map((row) => [numeric(row[0]), String(row[1]), numeric(row[2])]),
  }
}
