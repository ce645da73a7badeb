import type { Database } from 'better-sqlite3'
import type { RelayEvent } from '../../common/relay/events.js'

/** A relay event before the log numbers it. */
export type UnnumberedEvent = RelayEvent extends infer E
  ? E extends RelayEvent
    ? Omit<E, 'seq'>
    : never
  : never

/** The append-only log every desktop replays from its cursor. */
export interface EventLog {
  /** Appends inside the caller's transaction; the answer carries its `seq`. */
  append(event: UnnumberedEvent): RelayEvent
  /** Events with `seq > cursor`, oldest first, at most `limit`. */
  after(cursor: number, limit: number): RelayEvent[]
  /** The highest `seq` written, 0 when empty. */
  head(): number
}

/** Prepares the event-log statements once on `database`. */
export function createEventLog(database: Database): EventLog {
  const insert = database.prepare('INSERT INTO events (at, type, payload_json) VALUES (?, ?, ?)')
  const after = database.prepare<[number, number], { seq: number; payload_json: string }>(
    'SELECT seq, payload_json FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  const head = database.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events')
  return {
    append(event) {
      const result = insert.run(event.at, event.type, JSON.stringify(event))
      return { ...event, seq: Number(result.lastInsertRowid) } as RelayEvent
    },
    after(cursor, limit) {
      return after
        .all(cursor, limit)
        .map((row) => ({ ...(JSON.parse(row.payload_json) as object), seq: row.seq }) as RelayEvent)
    },
    head() {
      return head.get()?.seq ?? 0
    },
  }
}
