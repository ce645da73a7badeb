import type { Database } from 'better-sqlite3'
import type { WindowRescuePolicy } from '../../common/domain/window-rescue.js'
import type { Team } from '../../common/domain/team.js'

/** Teams as rows, listed by name. */
export interface TeamRepository {
  list(): Team[]
  get(id: string): Team | null
  findByName(name: string): Team | null
  insert(team: Team, createdAt: number): void
  update(team: Team): void
}

export interface TeamRow {
  id: string
  name: string
  is_sharing_conversations: number
  is_auto_assigning: number
  agent_cap: number | null
  account_keys_json: string
  window_rescue_json: string | null
  auto_resolve_after_hours: number | null
  business_hours_json: string | null
  sla_json: string | null
  satisfaction_json: string | null
}

/** The columns of a team, for both engines' statements. */
export const TEAM_COLUMNS =
  'id, name, is_sharing_conversations, is_auto_assigning, agent_cap, account_keys_json, window_rescue_json, auto_resolve_after_hours, ' +
  'business_hours_json, sla_json, satisfaction_json'
const COLUMNS = TEAM_COLUMNS

/** Prepares the team statements once on `database`. */
export function createTeamRepository(database: Database): TeamRepository {
  const list = database.prepare<[], TeamRow>(`SELECT ${COLUMNS} FROM teams ORDER BY name`)
  const byId = database.prepare<[string], TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE id = ?`)
  const byName = database.prepare<[string], TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE name = ?`)
  const insert = database.prepare(`
    INSERT INTO teams (${COLUMNS}, created_at)
    VALUES (@id, @name, @is_sharing_conversations, @is_auto_assigning, @agent_cap, @account_keys_json,
      @window_rescue_json, @auto_resolve_after_hours, @business_hours_json, @sla_json, @satisfaction_json,
      @created_at)`)
  const update = database.prepare(`
    UPDATE teams SET name = @name, is_sharing_conversations = @is_sharing_conversations,
      is_auto_assigning = @is_auto_assigning, agent_cap = @agent_cap, account_keys_json = @account_keys_json,
      window_rescue_json = @window_rescue_json, auto_resolve_after_hours = @auto_resolve_after_hours,
      business_hours_json = @business_hours_json, sla_json = @sla_json, satisfaction_json = @satisfaction_json
    WHERE id = @id`)
  return {
    list: () => list.all().map(teamOf),
    get: (id) => teamOrNull(byId.get(id)),
    findByName: (name) => teamOrNull(byName.get(name)),
    insert(team, createdAt) {
      insert.run({ ...teamRowOf(team), created_at: createdAt })
    },
    update(team) {
      update.run(teamRowOf(team))
    },
  }
}

function teamOrNull(row: TeamRow | undefined): Team | null {
  return row === undefined ? null : teamOf(row)
}

export function teamOf(row: TeamRow): Team {
  return {
    id: row.id,
    name: row.name,
    isSharingConversations: row.is_sharing_conversations === 1,
    isAutoAssigning: row.is_auto_assigning === 1,
    agentCap: row.agent_cap,
    accountKeys: JSON.parse(row.account_keys_json) as string[],
    windowRescue:
      row.window_rescue_json === null ? null : (JSON.parse(row.window_rescue_json) as WindowRescuePolicy),
    autoResolveAfterHours:
      row.auto_resolve_after_hours === null ? null : Number(row.auto_resolve_after_hours),
    businessHours: jsonOrNull<Team['businessHours']>(row.business_hours_json),
    sla: jsonOrNull<Team['sla']>(row.sla_json),
    satisfaction: jsonOrNull<Team['satisfaction']>(row.satisfaction_json),
  }
}

export function teamRowOf(team: Team): TeamRow {
  return {
    id: team.id,
    name: team.name,
    is_sharing_conversations: team.isSharingConversations ? 1 : 0,
    is_auto_assigning: team.isAutoAssigning ? 1 : 0,
    agent_cap: team.agentCap,
    account_keys_json: JSON.stringify(team.accountKeys),
    window_rescue_json: jsonOf(team.windowRescue),
    auto_resolve_after_hours: team.autoResolveAfterHours,
    business_hours_json: jsonOf(team.businessHours),
    sla_json: jsonOf(team.sla),
    satisfaction_json: jsonOf(team.satisfaction),
  }
}

const jsonOrNull = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T))
const jsonOf = (value: unknown): string | null => (value === null ? null : JSON.stringify(value))
