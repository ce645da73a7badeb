import type { Role, User } from '../../common/domain/user.js'
import type { CreateUserRequest } from '../../common/relay/schemas.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { hashPassword, verifyPassword } from './password-hash.js'
import { createSessionToken, hashSessionToken } from './session-token.js'

const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

/** Sign-in, token checks and user creation. */
export interface AuthService {
  /** Answers a new session token, or throws `unauthorized` without saying which part was wrong. */
  signIn(username: string, password: string): Promise<{ readonly token: string; readonly user: User }>
  /** The user behind a token, or null when it is unknown, expired or the user is disabled. */
  authenticate(token: string): User | null
  createUser(request: CreateUserRequest): Promise<User>
  /** On first start with no users, creates `admin` with the configured password. */
  bootstrapAdmin(password: string | null): Promise<User | null>
}

/** Creates the auth service over the store; `now` is injectable for expiry tests. */
export function createAuthService(store: RelayStore, now: () => number = Date.now): AuthService {
  // Spent on unknown usernames too, so timing does not tell which usernames exist.
  const decoyHash = hashPassword('decoy password for timing')
  return {
    async signIn(username, password) {
      const stored = store.users.get(username)
      const isValid = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash))
      if (stored === null || !isValid || stored.user.isDisabled) {
        throw new RelayError('unauthorized', 'Wrong username or password.')
      }
      const token = createSessionToken()
      const createdAt = now()
      store.sessions.insert(hashSessionToken(token), username, createdAt, createdAt + SESSION_LIFETIME_MS)
      return { token, user: stored.user }
    },
    authenticate(token) {
      const username = store.sessions.usernameOf(hashSessionToken(token), now())
      if (username === null) return null
      const user = store.users.get(username)?.user ?? null
      return user === null || user.isDisabled ? null : user
    },
    async createUser(request) {
      const passwordHash = await hashPassword(request.password)
      const user = userOf(request.username, request.role, request.displayName, request.kfAccount ?? null)
      if (store.users.get(user.username) !== null) {
        throw new RelayError('conflict', `User ${user.username} already exists.`)
      }
      store.users.insert(user, passwordHash, now())
      return user
    },
    async bootstrapAdmin(password) {
      if (password === null || store.users.count() > 0) return null
      const user = userOf('admin', 'admin', 'Administrator', null)
      store.users.insert(user, await hashPassword(password), now())
      return user
    },
  }
}

function userOf(
  username: string,
  role: Role,
  displayName: string | undefined,
  kfAccount: string | null,
): User {
  return { username, displayName: displayName ?? username, role, isDisabled: false, kfAccount, teamId: null }
}
