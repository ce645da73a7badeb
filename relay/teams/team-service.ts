import { randomUUID } from 'node:crypto'
import type { Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { CreateTeamRequest, UpdateTeamRequest } from '../../common/relay/shared-state-schemas.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore, StoreAccess } from '../store/relay-store.js'

/** Teams and their settings (admins); everyone may list them. */
export interface TeamService {
  list(): Promise<Team[]>
  create(user: User, request: CreateTeamRequest): Promise<Team>
  update(user: User, id: string, request: UpdateTeamRequest): Promise<Team>
}

/** Collaborators of the team service. */
export interface TeamServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
  /** A team's settings changed: auto-assignment may have work now. */
  readonly onTeamChanged: (team: Team) => void
}

/** Creates the team service. */
export function createTeamService(dependencies: TeamServiceDependencies): TeamService {
  const { store, now } = dependencies

  function checkAdmin(user: User): void {
    if (!can(user, 'team:manage')) throw new RelayError('forbidden', 'Only admins manage teams.')
  }

  async function checkNameFree(tx: StoreAccess, name: string, id: string | null): Promise<void> {
    const existing = await tx.teams.findByName(name)
    if (existing !== null && existing.id !== id)
      throw new RelayError('conflict', `A team named ${name} exists.`)
  }

  return {
    list: async () => await store.teams.list(),
    async create(user, request) {
      checkAdmin(user)
      const team: Team = {
        id: randomUUID(),
        name: request.name,
        isSharingConversations: request.isSharingConversations,
        isAutoAssigning: request.isAutoAssigning,
        agentCap: request.agentCap,
        accountKeys: request.accountKeys,
        windowRescue: request.windowRescue,
        autoResolveAfterHours: request.autoResolveAfterHours,
        businessHours: request.businessHours,
        sla: request.sla,
        satisfaction: request.satisfaction,
      }
      await store.commit(async (tx, events) => {
        await checkNameFree(tx, team.name, null)
        await tx.teams.insert(team, now())
        events.push(await tx.events.append({ type: 'team.upserted', at: now(), team }))
        await recordAudit(tx, now(), {
          actor: user.username,
          action: 'team.created',
          target: team.id,
          details: request,
        })
      })
      dependencies.onTeamChanged(team)
      return team
    },
    async update(user, id, request) {
      checkAdmin(user)
      const team = await store.commit(async (tx, events) => {
        const current = await tx.teams.get(id)
        if (current === null) throw new RelayError('not_found', `No team ${id}.`)
        // Only the fields sent change; a null sent clears a setting.
        const sent = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined))
        const updated: Team = { ...current, ...sent, id }
        await checkNameFree(tx, updated.name, id)
        await tx.teams.update(updated)
        events.push(await tx.events.append({ type: 'team.upserted', at: now(), team: updated }))
        await recordAudit(tx, now(), {
          actor: user.username,
          action: 'team.updated',
          target: id,
          details: request,
        })
        return updated
      })
      dependencies.onTeamChanged(team)
      return team
    },
  }
}
