import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { RelayEvent } from '../../common/relay/events.js'

/** A relay event before the log numbers it. */
export type UnnumberedEvent = RelayEvent extends infer E
  ? E extends RelayEvent
    ? Omit<E, 'seq'>
    : never
  : never

/** The append-only log every desktop replays from its cursor. */
export interface EventLog {
  /**
   * This log's identity: a desktop's cursor counts only against the log it was taken from. Minted when
   * the store opens a database without one (new, upgraded, or restored from a backup, which drops it).
   */
  readonly id: string
  /** Appends inside the caller's transaction; the answer carries its `seq`. */
  append(event: UnnumberedEvent): RelayEvent
  /** Events with `seq > cursor` (and `<= through` when given), oldest first, at most `limit`. */
  after(cursor: number, limit: number, through?: number): RelayEvent[]
  /** The highest `seq` written, 0 when empty. */
  head(): number
  /**
   * The JSON of an event this log appended in this process, exactly as `JSON.stringify` writes it (its
   * `seq` included), so a broadcast reuses the string the log stored; undefined for any other value.
   */
  jsonOf(value: unknown): string | undefined
}

/** Prepares the event-log statements once on `database`, minting its identity if it has none. */
export function createEventLog(database: Database): EventLog {
  const id = identityOf(database)
  const insert = database.prepare('INSERT INTO events (at, type, payload_json) VALUES (?, ?, ?)')
  const after = database.prepare<[number, number, number], { seq: number; payload_json: string }>(
    'SELECT seq, payload_json FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  )
  const head = database.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events')
  // Weak: an event nobody holds any more takes its JSON with it.
  const stored = new WeakMap<object, { readonly json: string; readonly seq: number }>()
  return {
    id,
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
    after(cursor, limit, through = Number.MAX_SAFE_INTEGER) {
      return after
        .all(cursor, through, limit)
        .map((row) => ({ ...(JSON.parse(row.payload_json) as object), seq: row.seq }) as RelayEvent)
    },
    head() {
      return head.get()?.seq ?? 0
    },
  }
}

/** Reads the log's identity, or mints one (random, so no two logs share it) in the same transaction. */
function identityOf(database: Database): string {
  const read = database.prepare<[], string>('SELECT log_id FROM log_identity WHERE id = 1').pluck()
  return database
    .transaction(() => {
      const existing = read.get()
      if (existing !== undefined) return existing
      const minted = randomUUID()
      database
        .prepare('INSERT INTO log_identity (id, log_id, minted_at) VALUES (1, ?, ?)')
        .run(minted, Date.now())
      return minted
    })
    .immediate()
}
