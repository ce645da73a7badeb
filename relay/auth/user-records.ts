import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { RelayError } from '../relay-error.js'
import type { StoreTransaction } from '../store/relay-store.js'

/**
 * The one place a user row is written once the relay runs (the first admin, created before any desktop
 * can connect, is the one exception). Every change (creation, edit, disabling, new password) appends
 * `user.upserted` in the caller's transaction, so desktops learn of it from the log like any other
 * shared state. The event carries the public fields only, never the password hash.
 */
export interface UserRecords {
  /** Inserts a new user in `tx`; `conflict` when the username is taken. */
  insert(tx: StoreTransaction, user: User, passwordHash: string): Promise<RelayEvent>
  /** Rewrites the editable fields in `tx`, and the password hash when one is given. */
  update(tx: StoreTransaction, user: User, passwordHash: string | null): Promise<RelayEvent>
}

/** Creates the user records; `now` stamps the rows and the events. */
export function createUserRecords(now: () => number): UserRecords {
  const announce = (tx: StoreTransaction, user: User): Promise<RelayEvent> =>
    tx.events.append({ type: 'user.upserted', at: now(), user: publicUserOf(user) })
  return {
    async insert(tx, user, passwordHash) {
      if ((await tx.users.get(user.username)) !== null) {
        throw new RelayError('conflict', `User ${user.username} already exists.`)
      }
      await tx.users.insert(user, passwordHash, now())
      return announce(tx, user)
    },
    async update(tx, user, passwordHash) {
      await tx.userDirectory.update(user)
      if (passwordHash !== null) await tx.userDirectory.setPasswordHash(user.username, passwordHash)
      return announce(tx, user)
    },
  }
}

/** Copies the shared fields only: whatever else a caller's object carries never reaches the log. */
export function publicUserOf(user: User): User {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    isDisabled: user.isDisabled,
    kfAccount: user.kfAccount,
    teamId: user.teamId,
  }
}
