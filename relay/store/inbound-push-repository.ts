import type { Database } from 'better-sqlite3'

/** The durable memory of which WeChat pushes were already taken (reference §1.8). */
export interface InboundPushRepository {
  /** Records a dedupe key; false when it was already there (a retry). */
  claim(dedupeKey: string, receivedAt: number): boolean
}

/** Prepares the dedupe statements once on `database`. */
export function createInboundPushRepository(database: Database): InboundPushRepository {
  const insert = database.prepare(
    'INSERT OR IGNORE INTO inbound_pushes (dedupe_key, received_at) VALUES (?, ?)',
  )
  return {
    claim(dedupeKey, receivedAt) {
      return insert.run(dedupeKey, receivedAt).changes === 1
    },
  }
}
