import type { AuditLogRepository, AuditRow } from '../../audit-log-repository.js'
import { entryOf } from '../../audit-log-repository.js'
import type { Awaiting } from '../../awaiting.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

export function createPostgresAuditLogRepository(db: Queryable): Awaiting<AuditLogRepository> {
  return {
    async append(entry) {
      const row = await rowOf<{ id: number }>(
        db,
        'INSERT INTO audit_log (at, actor, action, target, details_json) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.details)],
      )
      if (row === undefined) throw new Error('the audit log answered no id')
      return { id: row.id, ...entry }
    },
    async page(query) {
      const rows =
        query.before === undefined
          ? await rowsOf<AuditRow>(db, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [query.limit + 1])
          : await rowsOf<AuditRow>(db, 'SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2', [
              query.before,
              query.limit + 1,
            ])
      const entries = rows.slice(0, query.limit).map(entryOf)
      const last = entries.at(-1)
      return { entries, next: rows.length > query.limit && last !== undefined ? last.id : null }
    },
  }
}
