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
  /**
   * The JSON of an event this log appended in this process, exactly as `JSON.stringify` writes it (its
   * `seq` included), so a broadcast reuses the string the log stored; undefined for any other value.
   */
  jsonOf(value: unknown): string | undefined
}

/** Prepares the event-log statements once on `database`. */
export function createEventLog(database: Database): EventLog {
  const insert = database.prepare('INSERT INTO events (at, type, payload_json) VALUES (?, ?, ?)')
  const after = database.prepare<[number, number], { seq: number; payload_json: string }>(
    'SELECT seq, payload_json FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  const head = database.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events')
  // Weak: an event nobody holds any more takes its JSON with it.
  const stored = new WeakMap<object, { readonly json: string; readonly seq: number }>()
  return {
    append(event) {
      const json = JSON.stringify(event)
      const seq = Number(insert.run(event.at, event.type, json).lastInsertRowid)
      const appended = { ...event, seq } as RelayEvent
      if (!('seq' in event) && json !== '{}') stored.set(appended, { json, seq })
      return appended
    },
    jsonOf(value) {
      if (typeof value !== 'object' || value === null) return undefined
      const entry = stored.get(value)
      // `seq` is the last key of the appended event, so its JSON is the stored one with `seq` added at the end.
      return entry === undefined ? undefined : `${entry.json.slice(0, -1)},"seq":${entry.seq}}`
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
