import type { AssignmentRepository } from '../../assignment-repository.js'
import type { Awaiting } from '../../awaiting.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

interface ChangeRow {
  conversation_id: string
  version: number
  username: string
  action: string
  at: number
}

export function createPostgresAssignmentRepository(db: Queryable): Awaiting<AssignmentRepository> {
  return {
    async recordChange(change) {
      await db.query(
        `INSERT INTO conversation_changes (conversation_id, version, username, action, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, username = excluded.username,
           action = excluded.action, at = excluded.at`,
        [change.conversationId, change.version, change.username, change.action, change.at],
      )
    },
    async lastChangeOf(conversationId) {
      const row = await rowOf<ChangeRow>(
        db,
        'SELECT * FROM conversation_changes WHERE conversation_id = $1',
        [conversationId],
      )
      if (row === undefined) return null
      return {
        conversationId: row.conversation_id,
        version: row.version,
        username: row.username,
        action: row.action,
        at: row.at,
      }
    },
    async markAssigned(username, at) {
      await db.query(
        `INSERT INTO agent_assignments (username, last_assigned_at) VALUES ($1, $2)
         ON CONFLICT (username) DO UPDATE SET last_assigned_at = excluded.last_assigned_at`,
        [username, at],
      )
    },
    lastAssignedTimes: async () =>
      new Map(
        (
          await rowsOf<{ username: string; last_assigned_at: number }>(
            db,
            'SELECT username, last_assigned_at FROM agent_assignments',
          )
        ).map((row) => [row.username, row.last_assigned_at]),
      ),
  }
}
