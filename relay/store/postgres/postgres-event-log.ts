import type { ClientBase, Pool } from 'pg'
import type { RelayEvent } from '../../../common/relay/events.js'
import type { UnnumberedEvent } from '../event-log.js'

/** The one channel the log's commits notify on; its payload is the committing transaction's last `seq`. */
export const LOG_CHANNEL = 'kefu_log'

/**
 * The relay's event log on PostgreSQL, shared by every relay on the database.
 *
 * The trap of a numbered log on PostgreSQL: a sequence hands out numbers outside transactions, so a
 * transaction that took `seq` 7 can commit after one that took 8; a relay tailing the log reads 8, moves
 * its cursor past 7, and 7 is never delivered. Here the numbers come from one counter row
 * (`log_sequence`), updated in the appending transaction: its row lock is held until that transaction
 * commits, so the next appender gets its numbers only after the previous one committed. Numbers are taken
 * in commit order, without gaps, and never reused (an erasure may delete events, the counter stays). The
 * appending transaction must run at READ COMMITTED (PostgreSQL's default), so the next appender's update
 * reads the counter as the previous one left it instead of failing on a serialization conflict.
 */
export interface PostgresEventLog {
  /**
   * Appends inside `client`'s open transaction and notifies `kefu_log` at its commit; the answer carries
   * each `seq`. Holds the log for other appenders until that transaction ends: append last.
   */
  append(client: ClientBase, events: readonly UnnumberedEvent[]): Promise<RelayEvent[]>
  /** Events with `seq > cursor` (and `<= through` when given), oldest first, at most `limit`. */
  after(cursor: number, limit: number, through?: number): Promise<RelayEvent[]>
  /** The highest `seq` ever handed out, 0 when none: what every committed event is at or below. */
  head(): Promise<number>
  /** The JSON of an event this log read, exactly as the log stores it with its `seq`; else undefined. */
  jsonOf(value: unknown): string | undefined
}

interface EventRow {
  readonly seq: string
  readonly payload_json: string
}

/** The log over `pool` (reads) and the writers' own transactions (appends). */
export function createPostgresEventLog(pool: Pool): PostgresEventLog {
  // Weak: an event nobody holds any more takes its JSON with it.
  const stored = new WeakMap<object, string>()
  return {
    async append(client, events) {
      if (events.length === 0) return []
      // One round trip: the counter row's update (whose lock orders appenders), the rows numbered from
      // what it answered, and the notification, which PostgreSQL delivers at commit (none on rollback).
      const taken = await client.query<{ last_seq: string }>(
        `WITH taken AS (
           UPDATE log_sequence SET last_seq = last_seq + cardinality($1::bigint[]) WHERE id = 1
           RETURNING last_seq
         ), appended AS (
           INSERT INTO events (seq, at, type, payload_json)
           SELECT taken.last_seq - cardinality($1::bigint[]) + item.nth, item.at, item.type, item.payload_json
           FROM taken, unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY
             AS item(at, type, payload_json, nth)
         )
         SELECT last_seq, pg_notify($4, last_seq::text) FROM taken`,
        [
          events.map((event) => event.at),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event)),
          LOG_CHANNEL,
        ],
      )
      const last = Number(taken.rows[0]?.last_seq)
      if (!Number.isSafeInteger(last)) throw new Error('the log has no counter row: is the schema migrated?')
      const first = last - events.length + 1
      return events.map((event, index) => ({ ...event, seq: first + index }) as RelayEvent)
    },
    async after(cursor, limit, through = Number.MAX_SAFE_INTEGER) {
      const rows = await pool.query<EventRow>(
        'SELECT seq, payload_json FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
        [cursor, through, limit],
      )
      return rows.rows.map((row) => {
        const seq = Number(row.seq)
        const event = { ...(JSON.parse(row.payload_json) as object), seq } as RelayEvent
        // The stored JSON ends with the event's last key; `seq` is added after it, as on SQLite.
        if (row.payload_json !== '{}') stored.set(event, `${row.payload_json.slice(0, -1)},"seq":${seq}}`)
        return event
      })
    },
    jsonOf(value) {
      return typeof value === 'object' && value !== null ? stored.get(value) : undefined
    },
    async head() {
      const row = await pool.query<{ last_seq: string }>('SELECT last_seq FROM log_sequence WHERE id = 1')
      return Number(row.rows[0]?.last_seq ?? 0)
    },
  }
}
