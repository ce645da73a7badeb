import { randomUUID } from 'node:crypto'
import type { CannedResponse, User } from '../../common/domain/user.js'
import type { CannedResponseRequest } from '../../common/relay/schemas.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { Committer } from '../shared-state/committer.js'
import type { RelayStore } from '../store/relay-store.js'

/** Canned responses: team ones managed by supervisors, personal ones by their owner, seen by nobody else. */
export interface CannedResponseService {
  /** The team's replies and the user's own. */
  list(user: User): CannedResponse[]
  create(user: User, request: CannedResponseRequest): CannedResponse
  delete(user: User, id: string): CannedResponse
}

/** Collaborators of the canned-response service. */
export interface CannedResponseServiceDependencies {
  readonly store: RelayStore
  readonly committed: Committer
  readonly now: () => number
}

/** Creates the canned-response service. */
export function createCannedResponseService(
  dependencies: CannedResponseServiceDependencies,
): CannedResponseService {
  const { store, committed, now } = dependencies
  return {
    list: (user) => store.cannedResponses.listVisibleTo(user.username),
    create(user, request) {
      if (request.isTeam && !can(user, 'canned-response:manage-team')) {
        throw new RelayError('forbidden', 'Only supervisors manage team canned responses.')
      }
      const ownerUsername = request.isTeam ? null : user.username
      return committed((events) => {
        const existing = store.cannedResponses.findByShortCode(ownerUsername, request.shortCode)
        if (existing !== null) {
          throw new RelayError('conflict', `The short code /${request.shortCode} is taken.`, {
            cannedResponse: existing,
          })
        }
        const cannedResponse: CannedResponse = {
          id: randomUUID(),
          shortCode: request.shortCode,
          body: request.body,
          ownerUsername,
        }
        const at = now()
        store.cannedResponses.insert(cannedResponse, at)
        events.push(store.events.append({ type: 'canned-response.upserted', at, cannedResponse }))
        return cannedResponse
      })
    },
    delete(user, id) {
      return committed((events) => {
        const cannedResponse = store.cannedResponses.get(id)
        // Someone else's personal reply does not exist as far as this user can tell.
        if (cannedResponse === null || (cannedResponse.ownerUsername ?? user.username) !== user.username) {
          throw new RelayError('not_found', `No canned response ${id}.`)
        }
        if (cannedResponse.ownerUsername === null && !can(user, 'canned-response:manage-team')) {
          throw new RelayError('forbidden', 'Only supervisors manage team canned responses.')
        }
        store.cannedResponses.delete(id)
        events.push(
          store.events.append({
            type: 'canned-response.deleted',
            at: now(),
            cannedResponseId: id,
            ownerUsername: cannedResponse.ownerUsername,
          }),
        )
        return cannedResponse
      })
    },
  }
}
