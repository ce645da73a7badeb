import type { Database } from 'better-sqlite3'
import {
  reportRowsOf,
  reportStatementsOf,
  SQLITE_LIST_OF,
  type ReportReadKey,
  type ReportRows,
  type ReportScope,
} from './report-queries.js'

/** One ticket as reports read it (relay/reports/ticket-facts.ts keeps it from the log's events). */
export interface TicketFact {
  readonly conversationId: string
  readonly ticketNumber: number
  readonly accountKey: string
  readonly openedAt: number
  readonly lastIncomingAt: number
  /** When the window of the follower's latest message closes. */
  readonly windowClosesAt: number | null
  readonly firstResponseAt: number | null
  readonly firstResponseBy: string | null
  readonly firstResponseBusinessMs: number | null
  readonly status: 'open' | 'pending' | 'resolved'
  readonly resolvedAt: number | null
  readonly resolvedBy: string | null
  readonly resolutionBusinessMs: number | null
  readonly reopenedCount: number
  readonly assignee: string | null
  readonly teamId: string | null
  readonly tagIds: readonly string[]
  /** The follower's oldest message no agent answered yet. */
  readonly awaitingSince: number | null
  readonly isFirstResponseBreached: boolean
  readonly nextResponseBreaches: number
  readonly rating: number | null
  readonly ratedAt: number | null
  readonly ratingAskedAt: number | null
}

/** What an hourly count counts. */
export type VolumeKind = 'in' | 'out' | 'template' | 'saved' | 'refused'

/** One hourly count: per account and agent ('' for none). */
export interface VolumeRow {
  readonly hourStart: number
  readonly accountKey: string
  readonly username: string
  readonly kind: VolumeKind
  readonly count: number
}

/** A stretch of one agent's time online. */
export interface OnlineSpan {
  readonly username: string
  readonly startedAt: number
  readonly endedAt: number
}

/** The facts reports are computed from, and their writes. */
export interface ReportRepository {
  factOf(conversationId: string, ticketNumber: number): TicketFact | null
  saveFact(fact: TicketFact): void
  /** Adds `count` to the hour's count of `kind`. */
  count(row: VolumeRow): void
  /** Records or extends (same `startedAt`) a stretch online. */
  saveOnlineSpan(span: OnlineSpan): void
  /** The reads of a report (relay/store/report-queries.ts). */
  reportRows(scope: ReportScope): ReportRows
  onlineBetween(from: number, to: number): OnlineSpan[]
}

/** ticket_facts' columns in the order the statements bind them. */
export const FACT_COLUMNS = [
  'conversation_id',
  'ticket_number',
  'account_key',
  'opened_at',
  'last_incoming_at',
  'window_closes_at',
  'first_response_at',
  'first_response_by',
  'first_response_business_ms',
  'status',
  'resolved_at',
  'resolved_by',
  'resolution_business_ms',
  'reopened_count',
  'assignee',
  'team_id',
  'tag_ids_json',
  'awaiting_since',
  'first_response_breached',
  'next_response_breaches',
  'rating',
  'rated_at',
  'rating_asked_at',
] as const

export function factValuesOf(fact: TicketFact): unknown[] {
  return [
    fact.conversationId,
    fact.ticketNumber,
    fact.accountKey,
    fact.openedAt,
    fact.lastIncomingAt,
    fact.windowClosesAt,
    fact.firstResponseAt,
    fact.firstResponseBy,
    fact.firstResponseBusinessMs,
    fact.status,
    fact.resolvedAt,
    fact.resolvedBy,
    fact.resolutionBusinessMs,
    fact.reopenedCount,
    fact.assignee,
    fact.teamId,
    JSON.stringify(fact.tagIds),
    fact.awaitingSince,
    fact.isFirstResponseBreached ? 1 : 0,
    fact.nextResponseBreaches,
    fact.rating,
    fact.ratedAt,
    fact.ratingAskedAt,
  ]
}

const numberOrNull = (value: unknown): number | null => (value === null ? null : Number(value))

/** A row's values in FACT_COLUMNS order as a fact. */
export function factOfValues(values: readonly unknown[]): TicketFact {
  const [conversationId, ticketNumber, accountKey, openedAt, lastIncomingAt, windowClosesAt] = values
  return {
    conversationId: String(conversationId),
    ticketNumber: Number(ticketNumber),
    accountKey: String(accountKey),
    openedAt: Number(openedAt),
    lastIncomingAt: Number(lastIncomingAt),
    windowClosesAt: numberOrNull(windowClosesAt),
    firstResponseAt: numberOrNull(values[6]),
    firstResponseBy: values[7] as string | null,
    firstResponseBusinessMs: numberOrNull(values[8]),
    status: values[9] as TicketFact['status'],
    resolvedAt: numberOrNull(values[10]),
    resolvedBy: values[11] as string | null,
    resolutionBusinessMs: numberOrNull(values[12]),
    reopenedCount: Number(values[13]),
    assignee: values[14] as string | null,
    teamId: values[15] as string | null,
    tagIds: JSON.parse(String(values[16])) as string[],
    awaitingSince: numberOrNull(values[17]),
    isFirstResponseBreached: Number(values[18]) === 1,
    nextResponseBreaches: Number(values[19]),
    rating: numberOrNull(values[20]),
    ratedAt: numberOrNull(values[21]),
    ratingAskedAt: numberOrNull(values[22]),
  }
}

const SELECT_FACTS = `SELECT ${FACT_COLUMNS.join(', ')} FROM ticket_facts`

/** Prepares the statements once on `database`. */
export function createReportRepository(database: Database): ReportRepository {
  const factOf = database.prepare<[string, number], unknown[]>(
    `${SELECT_FACTS} WHERE conversation_id = ? AND ticket_number = ?`,
  )
  factOf.raw(true)
  const saveFact = database.prepare(
    `INSERT OR REPLACE INTO ticket_facts (${FACT_COLUMNS.join(', ')}) VALUES (${FACT_COLUMNS.map(() => '?').join(', ')})`,
  )
  const count = database.prepare(`
    INSERT INTO report_volume (hour_start, account_key, username, kind, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (hour_start, account_key, username, kind) DO UPDATE SET count = count + excluded.count`)
  const saveSpan = database.prepare(`
    INSERT INTO online_spans (username, started_at, ended_at) VALUES (?, ?, ?)
    ON CONFLICT (username, started_at) DO UPDATE SET ended_at = max(ended_at, excluded.ended_at)`)
  const onlineBetween = database.prepare<[number, number], OnlineSpan>(`
    SELECT username, started_at AS startedAt, ended_at AS endedAt FROM online_spans
    WHERE ended_at > ? AND started_at < ?`)
  return {
    factOf(conversationId, ticketNumber) {
      const values = factOf.get(conversationId, ticketNumber)
      return values === undefined ? null : factOfValues(values)
    },
    saveFact: (fact) => void saveFact.run(factValuesOf(fact)),
    count: (row) => void count.run(row.hourStart, row.accountKey, row.username, row.kind, row.count),
    saveOnlineSpan: (span) => void saveSpan.run(span.username, span.startedAt, span.endedAt),
    reportRows(scope) {
      const answers = new Map<ReportReadKey, unknown[][]>()
      for (const statement of reportStatementsOf(scope, SQLITE_LIST_OF))
        answers.set(
          statement.key,
          database
            .prepare(statement.sql)
            .raw(true)
            .all(...statement.values) as unknown[][],
        )
      return reportRowsOf(answers)
    },
    onlineBetween: (from, to) => onlineBetween.all(from, to),
  }
}
