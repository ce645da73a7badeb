import type { Database } from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { User } from '../../common/domain/user.js'
import { createReportService } from '../../relay/reports/report-service.js'
import { reportStatementsOf, SQLITE_LIST_OF } from '../../relay/store/report-queries.js'
import { FACT_COLUMNS } from '../../relay/store/report-repository.js'
import { openRelayStore } from '../../relay/store/sqlite-relay-store.js'
import { percentile } from './percentile.js'

const DAY = 86_400_000
const HOUR = 3_600_000
const DAYS = 90
const TICKETS = 100_000
const MESSAGES = 1_000_000
const AGENTS = 20
const TAGS = 10
const ROUNDS = 15
/** The target for a 90-day report on SQLite. */
const TARGET_MS = 300

/** Figures of the report benchmark. */
export interface ReportBenchResult {
  readonly reportP50Ms: number
  readonly reportP95Ms: number
  readonly rawSqlP50Ms: number
}

/**
 * A 90-day report over 1 million messages and 100 000 tickets on SQLite, as `GET /api/reports` computes
 * it (the report service: its reads and the figures), beside the same raw SQL alone (the reads without
 * the counting), each the median of several rounds on one warm database.
 */
export async function runReportBench(): Promise<ReportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-report-bench-'))
  const store = openRelayStore(dir)
  try {
    const end = Date.UTC(2026, 10, 30)
    const start = end - DAYS * DAY
    fill(store.database, start)
    const admin: User = {
      username: 'admin',
      displayName: 'admin',
      role: 'admin',
      isDisabled: false,
      kfAccount: null,
      teamId: null,
    }
    const reports = createReportService({ store, now: () => end })
    const query = { from: start, to: end, timeZone: 'Asia/Shanghai' }
    const timed = async (work: () => unknown) => {
      const started = performance.now()
      await work()
      return performance.now() - started
    }
    const raw = rawQueries(store.database)
    const reportTimes: number[] = []
    const rawTimes: number[] = []
    // Interleaved, so both see the same cache and the same machine.
    for (let round = 0; round < ROUNDS; round++) {
      rawTimes.push(await timed(() => raw(start, end)))
      reportTimes.push(await timed(() => reports.report(admin, query)))
    }
    reportTimes.sort((a, b) => a - b)
    rawTimes.sort((a, b) => a - b)
    const result = {
      reportP50Ms: percentile(reportTimes, 0.5),
      reportP95Ms: percentile(reportTimes, 0.95),
      rawSqlP50Ms: percentile(rawTimes, 0.5),
    }
    const sample = await reports.report(admin, query)
    if (process.env['KEFU_REPORT_BENCH_DETAIL'] === '1')
      for (const statement of reportStatementsOf({ from: start, to: end, now: end }, SQLITE_LIST_OF)) {
        const started = performance.now()
        const rows = store.database
          .prepare(statement.sql)
          .raw(true)
          .all(...statement.values)
        console.log(`  ${statement.key}: ${(performance.now() - started).toFixed(1)} ms, ${rows.length} rows`)
      }
    console.log(
      `report: ${DAYS}-day report over ${MESSAGES.toLocaleString('en')} messages, ${TICKETS.toLocaleString('en')} tickets (SQLite)`,
    )
    console.log(
      `  GET /api/reports (service) p50 ${result.reportP50Ms.toFixed(1)} ms, p95 ${result.reportP95Ms.toFixed(1)} ms` +
        `   target < ${TARGET_MS} ms ${result.reportP95Ms < TARGET_MS ? 'met' : 'MISSED'}`,
    )
    console.log(`  the same raw SQL alone       p50 ${result.rawSqlP50Ms.toFixed(1)} ms (baseline)`)
    console.log(
      `  (sanity: ${sample.totals.ticketsOpened} tickets opened, ${sample.totals.messagesIn + sample.totals.messagesOut} messages counted, ${sample.agents.length} agents)`,
    )
    return result
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The report's own reads (relay/store/report-queries.ts), run as plain statements: SQLite alone. */
function rawQueries(database: Database) {
  return (from: number, to: number) => {
    for (const statement of reportStatementsOf({ from, to, now: to }, SQLITE_LIST_OF))
      database
        .prepare(statement.sql)
        .raw(true)
        .all(...statement.values)
  }
}

/** 100 000 tickets over 90 days (a conversation each), 1 million messages, their hourly counts. */
function fill(database: Database, start: number) {
  let seed = 42
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  const agent = (index: number) => `agent-${index % AGENTS}`
  const insertUser = database.prepare(
    `INSERT INTO users (username, display_name, password_hash, role, is_disabled, created_at)
     VALUES (?, ?, 'x', 'agent', 0, 0)`,
  )
  const insertTag = database.prepare(
    "INSERT INTO tags (id, name, color, created_by, created_at) VALUES (?, ?, '#336699', 'admin', 0)",
  )
  const insertConversation = database.prepare(`
    INSERT INTO conversations (id, follow_state, first_seen_at, window_history_json, assignee, status,
      ticket_number, version, updated_at)
    VALUES (?, 'subscribed', ?, '{"lastOpenedAt":{},"sendTimes":[],"isUnsubscribed":false}', ?, ?, 1, 1, ?)`)
  const insertFact = database.prepare(
    `INSERT INTO ticket_facts (${FACT_COLUMNS.join(', ')}) VALUES (${FACT_COLUMNS.map(() => '?').join(', ')})`,
  )
  const insertMessage = database.prepare(`
    INSERT INTO messages (id, conversation_id, direction, body_json, status, created_at, updated_at)
    VALUES (?, ?, ?, '{"type":"text","text":"…"}', 'sent', ?, ?)`)
  const count = database.prepare(`
    INSERT INTO report_volume (hour_start, account_key, username, kind, count) VALUES (?, 'default', ?, ?, 1)
    ON CONFLICT (hour_start, account_key, username, kind) DO UPDATE SET count = count + 1`)
  database.transaction(() => {
    for (let index = 0; index < AGENTS; index++) insertUser.run(agent(index), `Agent ${index}`)
    for (let index = 0; index < TAGS; index++) insertTag.run(`tag-${index}`, `Tag ${index}`)
    let messages = 0
    for (let ticket = 0; ticket < TICKETS; ticket++) {
      const id = `o-bench-${ticket}`
      const openedAt = start + Math.floor(random() * DAYS * DAY)
      const firstResponseAt = random() < 0.9 ? openedAt + Math.floor(random() * 2 * HOUR) : null
      const resolvedAt =
        firstResponseAt !== null && random() < 0.8 ? firstResponseAt + Math.floor(random() * 20 * HOUR) : null
      const holder = agent(ticket)
      insertConversation.run(id, openedAt, holder, resolvedAt === null ? 'open' : 'resolved', openedAt)
      insertFact.run(
        id,
        1,
        'default',
        openedAt,
        openedAt,
        openedAt + 48 * HOUR,
        firstResponseAt,
        firstResponseAt === null ? null : holder,
        firstResponseAt === null ? null : firstResponseAt - openedAt,
        resolvedAt === null ? 'open' : 'resolved',
        resolvedAt,
        resolvedAt === null ? null : holder,
        resolvedAt === null ? null : resolvedAt - openedAt,
        random() < 0.05 ? 1 : 0,
        holder,
        null,
        JSON.stringify([`tag-${ticket % TAGS}`]),
        null,
        random() < 0.1 ? 1 : 0,
        0,
        resolvedAt !== null && random() < 0.3 ? 1 + Math.floor(random() * 5) : null,
        null,
        resolvedAt,
      )
      // Ten messages a ticket on average: the follower's and the agent's, alternating.
      const lines = ticket === TICKETS - 1 ? MESSAGES - messages : 10
      for (let line = 0; line < lines && messages < MESSAGES; line++, messages++) {
        const at = openedAt + line * 5 * 60_000
        const direction = line % 2 === 0 ? 'incoming' : 'outgoing'
        insertMessage.run(`m-${messages}`, id, direction, at, at)
        count.run(at - (at % HOUR), holder, direction === 'incoming' ? 'in' : 'out')
      }
    }
  })()
  database.exec('ANALYZE')
}
