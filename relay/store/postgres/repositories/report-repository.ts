import type { Awaiting } from '../../awaiting.js'
import {
  FACT_COLUMNS,
  FACTS_BETWEEN_WHERE,
  factOfValues,
  factValuesOf,
  type OnlineSpan,
  type ReportRepository,
  type VolumeRow,
} from '../../report-repository.js'
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
    factsBetween: (from, to) => facts(`WHERE ${FACTS_BETWEEN_WHERE('$1', '$2')}`, [from, to]),
    volumeBetween: (from, to) =>
      rowsOf<VolumeRow>(
        db,
        `SELECT hour_start AS "hourStart", account_key AS "accountKey", username, kind, count
         FROM report_volume WHERE hour_start >= $1 AND hour_start < $2`,
        [from, to],
      ),
    onlineBetween: (from, to) =>
      rowsOf<OnlineSpan>(
        db,
        `SELECT username, started_at AS "startedAt", ended_at AS "endedAt" FROM online_spans
         WHERE ended_at > $1 AND started_at < $2`,
        [from, to],
      ),
    conversationsOpenedBetween: (from, to) =>
      rowsOf<{ id: string; at: number }>(
        db,
        'SELECT id, first_seen_at AS at FROM conversations WHERE first_seen_at >= $1 AND first_seen_at < $2',
        [from, to],
      ),
  }
}
