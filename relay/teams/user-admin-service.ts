import type { User } from '../../common/domain/user.js'
import type { UpdateUserRequest } from '../../common/relay/shared-state-schemas.js'
import { hashPassword } from '../auth/password-hash.js'
import { recordAudit } from '../audit/record-audit.js'
import { can } from '../auth/permissions.js'
import { createUserRecords } from '../auth/user-records.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

/** Why a user's open sessions ended. */
export type SessionEndReason = 'disabled' | 'password_reset'

/** Users as admins manage them: list, disable, reset password, role, team, kf persona. */
export interface UserAdminService {
  /** Every user (no secrets), for assignee pickers and the admin screen. */
  list(): Promise<User[]>
  /** Changes only the fields sent; disabling or a new password ends the user's sessions and sockets at once. */
  update(actor: User, username: string, request: UpdateUserRequest): Promise<User>
}

/** Collaborators of the user administration. */
export interface UserAdminServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
  /** The user changed: live sockets take the new role and team, or end with `reason`. */
  readonly onUserChanged: (user: User, endedSessions: SessionEndReason | null) => void
}

/** Creates the user administration. */
export function createUserAdminService(dependencies: UserAdminServiceDependencies): UserAdminService {
  const { store, now } = dependencies
  const records = createUserRecords(now)
  return {
    list: async () => await store.userDirectory.list(),
    async update(actor, username, request) {
      if (!can(actor, 'user:manage')) throw new RelayError('forbidden', 'Only admins manage users.')
      // Hashing is slow and async: before the transaction, never inside it.
      const passwordHash = request.password === undefined ? null : await hashPassword(request.password)
      const result = await store.commit(async (tx, events) => {
        const current = (await tx.users.get(username))?.user
        if (current === undefined) throw new RelayError('not_found', `No user ${username}.`)
        if (
          request.teamId !== undefined &&
          request.teamId !== null &&
          (await tx.teams.get(request.teamId)) === null
        ) {
          throw new RelayError('invalid', `No team ${request.teamId}.`)
        }
        const updated: User = {
          ...current,
          displayName: request.displayName ?? current.displayName,
          role: request.role ?? current.role,
          isDisabled: request.isDisabled ?? current.isDisabled,
          kfAccount: request.kfAccount === undefined ? current.kfAccount : request.kfAccount,
          teamId: request.teamId === undefined ? current.teamId : request.teamId,
        }
        const wasActiveAdmin = current.role === 'admin' && !current.isDisabled
        const isActiveAdmin = updated.role === 'admin' && !updated.isDisabled
        if (wasActiveAdmin && !isActiveAdmin) {
          const others = (await tx.userDirectory.list()).filter(
            (user) => user.username !== username && user.role === 'admin' && !user.isDisabled,
          )
          if (others.length === 0)
            throw new RelayError('invalid', 'The relay would be left without an active admin.')
        }
        events.push(await records.update(tx, updated, passwordHash))
        await recordAudit(tx, now(), {
          actor: actor.username,
          action: 'user.updated',
          target: username,
          details: request,
        })
        const isEnding = (updated.isDisabled && !current.isDisabled) || passwordHash !== null
        if (isEnding) await tx.userDirectory.deleteSessionsOf(username)
        const reason: SessionEndReason | null = !isEnding
          ? null
          : updated.isDisabled
            ? 'disabled'
            : 'password_reset'
        return { user: updated, reason }
      })
      dependencies.onUserChanged(result.user, result.reason)
      return result.user
    },
  }
}
