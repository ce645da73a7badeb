import type { Database } from 'better-sqlite3'
import { migration0001 } from './migrations/0001-initial.js'
import { migration0002 } from './migrations/0002-access-tokens.js'
import { migration0003 } from './migrations/0003-auto-replies.js'
import { migration0004 } from './migrations/0004-shared-state.js'
import { migration0005 } from './migrations/0005-user-events.js'
import { migration0006 } from './migrations/0006-canned-images.js'
import { migration0007 } from './migrations/0007-log-identity.js'
import { migration0008 } from './migrations/0008-audit-and-erasure.js'
import { migration0009 } from './migrations/0009-follow-seen.js'

/** One numbered schema step; `version` becomes the database's `user_version` once applied. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Every migration, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
]

/** The database was written by a newer relay: running older code on it could corrupt it. */
export class DatabaseTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The database is at schema version ${found}, newer than this relay knows (${known}); upgrade the relay.`,
    )
    this.name = 'DatabaseTooNewError'
  }
}

/** Brings the schema up to date in one transaction; refuses a database newer than the code. */
export function migrate(database: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0
  const current = database.pragma('user_version', { simple: true }) as number
  if (current > latest) throw new DatabaseTooNewError(current, latest)
  const pending = migrations.filter((migration) => migration.version > current)
  if (pending.length === 0) return current
  database
    .transaction(() => {
      for (const migration of pending) {
        database.exec(migration.sql)
        database.pragma(`user_version = ${migration.version}`)
      }
    })
    .immediate()
  return latest
}
