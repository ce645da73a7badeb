import type { Database } from 'better-sqlite3'
import type { AuditAction, AuditEntry } from '../../common/domain/audit.js'

/** An audit entry before the log numbers it. */
export type UnnumberedAuditEntry = Omit<AuditEntry, 'id'>

/** The audit log as rows: appended inside the change's own transaction, read newest first. */
export interface AuditLogRepository {
  append(entry: UnnumberedAuditEntry): AuditEntry
  /** Newest first, `before` an entry id; `next` is the id to pass as `before` for older ones, null at the end. */
  page(query: { readonly limit: number; readonly before?: number }): {
    readonly entries: AuditEntry[]
    readonly next: number | null
  }
}

export interface AuditRow {
  id: number
  at: number
  actor: string
  action: string
  target: string | null
  details_json: string
}

/** Prepares the audit statements once on `database`. */
export function createAuditLogRepository(database: Database): AuditLogRepository {
  const insert = database.prepare(
    'INSERT INTO audit_log (at, actor, action, target, details_json) VALUES (?, ?, ?, ?, ?)',
  )
  const newest = database.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
  const older = database.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
  )
  return {
    append(entry) {
      const id = insert.run(entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.details))
      return { id: Number(id.lastInsertRowid), ...entry }
    },
    page(query) {
      const rows =
        query.before === undefined ? newest.all(query.limit + 1) : older.all(query.before, query.limit + 1)
      const entries = rows.slice(0, query.limit).map(entryOf)
      const last = entries.at(-1)
      return { entries, next: rows.length > query.limit && last !== undefined ? last.id : null }
    },
  }
}

export function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action as AuditAction,
    target: row.target,
    details: JSON.parse(row.details_json) as AuditEntry['details'],
  }
}
