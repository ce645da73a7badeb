import type { Awaiting } from '../../awaiting.js'
import { TEAM_COLUMNS, teamOf, teamRowOf, type TeamRepository, type TeamRow } from '../../team-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

const COLUMNS = TEAM_COLUMNS
// Names compare and sort as SQLite's NOCASE column does (migration 0004).
const NAME_KEY = 'lower(name COLLATE "C")'

export function createPostgresTeamRepository(db: Queryable): Awaiting<TeamRepository> {
  async function one(where: string, value: string) {
    const row = await rowOf<TeamRow>(db, `SELECT ${COLUMNS} FROM teams WHERE ${where}`, [value])
    return row === undefined ? null : teamOf(row)
  }
  return {
    list: async () =>
      (await rowsOf<TeamRow>(db, `SELECT ${COLUMNS} FROM teams ORDER BY ${NAME_KEY}, id`)).map(teamOf),
    get: (id) => one('id = $1', id),
    findByName: (name) => one(`${NAME_KEY} = lower($1 COLLATE "C")`, name),
    async insert(team, createdAt) {
      await db.query(
        `INSERT INTO teams (${COLUMNS}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [...valuesOf(teamRowOf(team)), createdAt],
      )
    },
    async update(team) {
      await db.query(
        `UPDATE teams SET name = $2, is_sharing_conversations = $3, is_auto_assigning = $4, agent_cap = $5,
           account_keys_json = $6, window_rescue_json = $7, auto_resolve_after_hours = $8,
           business_hours_json = $9, sla_json = $10, satisfaction_json = $11
         WHERE id = $1`,
        valuesOf(teamRowOf(team)),
      )
    },
  }
}

/** A row's values in TEAM_COLUMNS order, as the statements above bind them. */
function valuesOf(row: TeamRow): unknown[] {
  return [
    row.id,
    row.name,
    row.is_sharing_conversations,
    row.is_auto_assigning,
    row.agent_cap,
    row.account_keys_json,
    row.window_rescue_json,
    row.auto_resolve_after_hours,
    row.business_hours_json,
    row.sla_json,
    row.satisfaction_json,
  ]
}
