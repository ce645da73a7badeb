import type { Database } from 'better-sqlite3'

/** The person behind a conversation's version, recorded by the commands people run. */
export interface ConversationChange {
  readonly conversationId: string
  readonly version: number
  readonly username: string
  readonly action: string
  readonly at: number
}

/** Bookkeeping of assignment: who changed what last, and when each agent last received a conversation. */
export interface AssignmentRepository {
  recordChange(change: ConversationChange): void
  lastChangeOf(conversationId: string): ConversationChange | null
  markAssigned(username: string, at: number): void
  /** Epoch ms each agent last received a conversation; agents never assigned are absent. */
  lastAssignedTimes(): Map<string, number>
}

interface ChangeRow {
  conversation_id: string
  version: number
  username: string
  action: string
  at: number
}

/** Prepares the statements once on `database`. */
export function createAssignmentRepository(database: Database): AssignmentRepository {
  const upsertChange = database.prepare(`
    INSERT INTO conversation_changes (conversation_id, version, username, action, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, username = excluded.username,
      action = excluded.action, at = excluded.at`)
  const selectChange = database.prepare<[string], ChangeRow>(
    'SELECT * FROM conversation_changes WHERE conversation_id = ?',
  )
  const upsertAssigned = database.prepare(`
    INSERT INTO agent_assignments (username, last_assigned_at) VALUES (?, ?)
    ON CONFLICT (username) DO UPDATE SET last_assigned_at = excluded.last_assigned_at`)
  const selectAssigned = database.prepare<[], { username: string; last_assigned_at: number }>(
    'SELECT username, last_assigned_at FROM agent_assignments',
  )
  return {
    recordChange(change) {
      upsertChange.run(change.conversationId, change.version, change.username, change.action, change.at)
    },
    lastChangeOf(conversationId) {
      const row = selectChange.get(conversationId)
      if (row === undefined) return null
      return {
        conversationId: row.conversation_id,
        version: row.version,
        username: row.username,
        action: row.action,
        at: row.at,
      }
    },
    markAssigned(username, at) {
      upsertAssigned.run(username, at)
    },
    lastAssignedTimes: () => new Map(selectAssigned.all().map((row) => [row.username, row.last_assigned_at])),
  }
}
