import { randomUUID } from 'node:crypto'
import type { Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { CreateTeamRequest, UpdateTeamRequest } from '../../common/relay/shared-state-schemas.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

/** Teams and their settings (admins); everyone may list them. */
export interface TeamService {
  list(): Team[]
  create(user: User, request: CreateTeamRequest): Team
  update(user: User, id: string, request: UpdateTeamRequest): Team
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

  function checkNameFree(name: string, id: string | null): void {
    const existing = store.teams.findByName(name)
    if (existing !== null && existing.id !== id)
      throw new RelayError('conflict', `A team named ${name} exists.`)
  }

  return {
    list: () => store.teams.list(),
    create(user, request) {
      checkAdmin(user)
      const team: Team = {
        id: randomUUID(),
        name: request.name,
        isSharingConversations: request.isSharingConversations,
        isAutoAssigning: request.isAutoAssigning,
        agentCap: request.agentCap,
      }
      store.transaction(() => {
        checkNameFree(team.name, null)
        store.teams.insert(team, now())
        recordAudit(store, now(), {
          actor: user.username,
          action: 'team.created',
          target: team.id,
          details: request,
        })
      })
      dependencies.onTeamChanged(team)
      return team
    },
    update(user, id, request) {
      checkAdmin(user)
      const team = store.transaction(() => {
        const current = store.teams.get(id)
        if (current === null) throw new RelayError('not_found', `No team ${id}.`)
        const updated: Team = {
          id,
          name: request.name ?? current.name,
          isSharingConversations: request.isSharingConversations ?? current.isSharingConversations,
          isAutoAssigning: request.isAutoAssigning ?? current.isAutoAssigning,
          agentCap: request.agentCap === undefined ? current.agentCap : request.agentCap,
        }
        checkNameFree(updated.name, id)
        store.teams.update(updated)
        recordAudit(store, now(), {
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
