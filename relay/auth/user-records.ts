import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

/**
 * The one place a user row is written once the relay runs (the first admin, created before any desktop
 * can connect, is the one exception). Every change (creation, edit, disabling, new password) appends
 * `user.upserted` in the caller's transaction, so desktops learn of it from the log like any other
 * shared state. The event carries the public fields only, never the password hash.
 */
export interface UserRecords {
  /** Inserts a new user; `conflict` when the username is taken. Call inside a transaction. */
  insert(user: User, passwordHash: string): RelayEvent
  /** Rewrites the editable fields, and the password hash when one is given. Call inside a transaction. */
  update(user: User, passwordHash: string | null): RelayEvent
}

/** Creates the user records over the store; `now` stamps the rows and the events. */
export function createUserRecords(store: RelayStore, now: () => number): UserRecords {
  const announce = (user: User): RelayEvent =>
    store.events.append({ type: 'user.upserted', at: now(), user: publicUserOf(user) })
  return {
    insert(user, passwordHash) {
      if (store.users.get(user.username) !== null) {
        throw new RelayError('conflict', `User ${user.username} already exists.`)
      }
      store.users.insert(user, passwordHash, now())
      return announce(user)
    },
    update(user, passwordHash) {
      store.userDirectory.update(user)
      if (passwordHash !== null) store.userDirectory.setPasswordHash(user.username, passwordHash)
      return announce(user)
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
