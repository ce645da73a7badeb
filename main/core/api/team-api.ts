import { conversationKeyOf } from '../../../common/domain/account.js'
import type { User } from '../../../common/domain/user.js'
import type { CannedResponseRequest } from '../../../common/relay/schemas.js'
import type { ReplicaStore } from '../replica/replica-store.js'
import type { RelayCommands } from '../session/relay-commands.js'
import type { TeamAdmin } from '../team/team-admin.js'
import type { TeamPresence } from '../team/team-presence.js'

/** What the team's side of the core needs. */
export interface TeamApiOptions {
  /** The open session's replica, if any, read at each call. */
  readonly store: () => ReplicaStore | null
  readonly rest: RelayCommands['rest']
  readonly admin: TeamAdmin
  readonly team: TeamPresence
}

/**
 * What the team shares and how it works together: tags and canned responses, users and teams (the
 * supervisors' and admins' commands), everyone's presence, who views what, and the board.
 */
export function createTeamApi(options: TeamApiOptions) {
  const { store, rest, admin, team } = options
  return {
    tags: () => store()?.tags() ?? [],
    cannedResponses: () => store()?.cannedResponses() ?? [],
    createCannedResponse: (request: CannedResponseRequest) =>
      rest((client, token) => client.createCannedResponse(token, request)),
    cannedPicture: (request: { id: string }) =>
      rest((client, token) => client.cannedResponsePicture(token, request.id)),
    uploadCannedImage: (request: { id: string; conversationId: string }) =>
      rest((client, token) =>
        client.uploadCannedResponseMedia(
          token,
          request.id,
          conversationKeyOf(request.conversationId).accountKey,
        ),
      ),
    deleteCannedResponse: (request: { id: string }) =>
      rest((client, token) => client.deleteCannedResponse(token, request.id)),
    users: (): readonly User[] => admin.mergedUsers(store()?.users() ?? []),
    createUser: admin.createUser,
    updateUser: admin.updateUser,
    openConversationsOf: admin.openConversationsOf,
    handover: admin.handover,
    bulkAssign: admin.bulkAssign,
    teams: admin.teams,
    createTeam: admin.createTeam,
    updateTeam: admin.updateTeam,
    /** Everyone's presence as last heard. */
    presences: () => team.presences(),
    setPresence: (request: { status: 'online' | 'away' }) => team.setStatus(request.status),
    view: (request: { conversationId: string; isViewing: boolean }) =>
      team.view(request.conversationId, request.isViewing),
    viewers: () => team.viewers(),
    /** Supervisors: the board now, then `board:changed` pushes. */
    board: () => team.watchBoard(),
  }
}
