import type { Awaiting } from '../../awaiting.js'
import {
  FACT_COLUMNS,
  factOfValues,
  factValuesOf,
  type OnlineSpan,
  type ReportRepository,
} from '../../report-repository.js'
import {
  POSTGRES_LIST_OF,
  reportRowsOf,
  reportStatementsOf,
  type ReportReadKey,
} from '../../report-queries.js'
import { rowsOf, type Queryable } from '../queryable.js'

const SELECT_FACTS = `SELECT ${FACT_COLUMNS.join(', ')} FROM ticket_facts`

export function createPostgresReportRepository(db: Queryable): Awaiting<ReportRepository> {
  const facts = async (sql: string, values: readonly unknown[]) =>
    (
      await db.query({ text: `${SELECT_FACTS} ${sql}`, values: values as unknown[], rowMode: 'array' })
    ).rows.map((row: unknown[]) => factOfValues(row))
  return {
    async factOf(conversationId, ticketNumber) {
      return (
        (
          await facts('WHERE conversation_id = $1 AND ticket_number = $2', [conversationId, ticketNumber])
        )[0] ?? null
      )
    },
    async saveFact(fact) {
      await db.query(
        `INSERT INTO ticket_facts (${FACT_COLUMNS.join(', ')})
         VALUES (${FACT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
         ON CONFLICT (conversation_id, ticket_number) DO UPDATE SET ${FACT_COLUMNS.slice(2)
           .map((column) => `${column} = excluded.${column}`)
           .join(', ')}`,
        factValuesOf(fact),
      )
    },
    async count(row) {
      await db.query(
        `INSERT INTO report_volume (hour_start, account_key, username, kind, count) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (hour_start, account_key, username, kind) DO UPDATE SET count = report_volume.count + excluded.count`,
        [row.hourStart, row.accountKey, row.username, row.kind, row.count],
      )
    },
    async saveOnlineSpan(span) {
      await db.query(
        `INSERT INTO online_spans (username, started_at, ended_at) VALUES ($1, $2, $3)
         ON CONFLICT (username, started_at) DO UPDATE SET ended_at = greatest(online_spans.ended_at, excluded.ended_at)`,
        [span.username, span.startedAt, span.endedAt],
      )
    },
    async reportRows(scope) {
      const answers = new Map<ReportReadKey, unknown[][]>()
      for (const statement of reportStatementsOf(scope, POSTGRES_LIST_OF)) {
        let index = 0
        const text = statement.sql.replace(/\?/g, () => `$${++index}`)
        const result = await db.query({ text, values: statement.values as unknown[], rowMode: 'array' })
        answers.set(statement.key, result.rows as unknown[][])
      }
      return reportRowsOf(answers)
    },
    onlineBetween: (from, to) =>
      rowsOf<OnlineSpan>(
        db,
        `SELECT username, started_at AS "startedAt", ended_at AS "endedAt" FROM online_spans
         WHERE ended_at > $1 AND started_at < $2`,
        [from, to],
      ),
  }
}
