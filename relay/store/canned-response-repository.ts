import type { Database } from 'better-sqlite3'
import type { CannedResponse } from '../../common/domain/user.js'

/** Canned responses as rows: team ones (no owner) and personal ones. */
export interface CannedResponseRepository {
  /** The team's replies and `username`'s own, by short code. */
  listVisibleTo(username: string): CannedResponse[]
  /** Every reply, for supervisors' management screens. */
  listAll(): CannedResponse[]
  get(id: string): CannedResponse | null
  /** The reply with this short code in the same scope (team, or the owner's own). */
  findByShortCode(ownerUsername: string | null, shortCode: string): CannedResponse | null
  insert(cannedResponse: CannedResponse, at: number): void
  delete(id: string): void
}

interface CannedResponseRow {
  id: string
  short_code: string
  body: string
  owner_username: string | null
}

const COLUMNS = 'id, short_code, body, owner_username'

/** Prepares the canned-response statements once on `database`. */
export function createCannedResponseRepository(database: Database): CannedResponseRepository {
  const visible = database.prepare<[string], CannedResponseRow>(
    `SELECT ${COLUMNS} FROM canned_responses WHERE owner_username IS NULL OR owner_username = ?
     ORDER BY short_code, id`,
  )
  const all = database.prepare<[], CannedResponseRow>(
    `SELECT ${COLUMNS} FROM canned_responses ORDER BY short_code, id`,
  )
  const byId = database.prepare<[string], CannedResponseRow>(
    `SELECT ${COLUMNS} FROM canned_responses WHERE id = ?`,
  )
  const byCode = database.prepare<[string, string], CannedResponseRow>(
    `SELECT ${COLUMNS} FROM canned_responses WHERE coalesce(owner_username, '') = ? AND short_code = ?`,
  )
  const insert = database.prepare(
    `INSERT INTO canned_responses (id, short_code, body, owner_username, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const remove = database.prepare('DELETE FROM canned_responses WHERE id = ?')
  return {
    listVisibleTo: (username) => visible.all(username).map(cannedResponseOf),
    listAll: () => all.all().map(cannedResponseOf),
    get(id) {
      const row = byId.get(id)
      return row === undefined ? null : cannedResponseOf(row)
    },
    findByShortCode(ownerUsername, shortCode) {
      const row = byCode.get(ownerUsername ?? '', shortCode)
      return row === undefined ? null : cannedResponseOf(row)
    },
    insert(cannedResponse, at) {
      insert.run(
        cannedResponse.id,
        cannedResponse.shortCode,
        cannedResponse.body,
        cannedResponse.ownerUsername,
        at,
        at,
      )
    },
    delete(id) {
      remove.run(id)
    },
  }
}

function cannedResponseOf(row: CannedResponseRow): CannedResponse {
  return { id: row.id, shortCode: row.short_code, body: row.body, ownerUsername: row.owner_username }
}
