import type { Role, User } from '../../common/domain/user.js'
import type { CreateUserRequest } from '../../common/relay/schemas.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { hashPassword, verifyPassword } from './password-hash.js'
import { createSessionToken, hashSessionToken } from './session-token.js'
import {
  createSignInThrottle,
  type SignInThrottleOptions,
  type ThrottleEntry,
  type ThrottleFilter,
} from './sign-in-throttle.js'
import { createUserRecords } from './user-records.js'

const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

/** Sign-in, sign-out, token checks and user creation. */
export interface AuthService {
  /**
   * Answers a new session token, or throws `unauthorized` without saying which part was wrong, or
   * `rate_limited` (details `{retryAfterSeconds}`) after too many failures for the username from
   * `address`, or from `address` whatever the username.
   */
  signIn(
    username: string,
    password: string,
    address?: string,
  ): Promise<{ readonly token: string; readonly user: User }>
  /** Ends the session of `token`; answers whether there was one. */
  signOut(token: string): Promise<boolean>
  /** The user behind a token, or null when it is unknown, expired or the user is disabled. */
  authenticate(token: string): Promise<User | null>
  /** The same, from the stored hash of the token (what a socket keeps), read afresh at each call. */
  userOfSession(tokenHash: string): Promise<User | null>
  /** The sign-in throttle's keys that count failures or are locked now. */
  signInThrottles(): ThrottleEntry[]
  /**
   * Lets the matching usernames or addresses sign in again at once and records it in the audit log as
   * done by `actor` (a username); answers how many keys went.
   */
  clearSignInThrottles(actor: string, filter: ThrottleFilter): Promise<number>
  /**
   * Creates a user, announces it as `user.upserted` and records it in the audit log as done by `actor`
   * (a username), all in one transaction.
   */
  createUser(actor: string, request: CreateUserRequest): Promise<User>
  /** On first start with no users, creates `admin` with the configured password. */
  bootstrapAdmin(password: string | null): Promise<User | null>
}

/** Collaborators of the auth service; all optional. */
export interface AuthDependencies {
  readonly now?: () => number
  /** Limits of the sign-in throttle (tests shorten them). */
  readonly throttle?: Omit<SignInThrottleOptions, 'now'>
  /** Holds back a failed answer; tests may pass a faster one. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** Creates the auth service over the store. */
export function createAuthService(store: RelayStore, dependencies: AuthDependencies = {}): AuthService {
  const now = dependencies.now ?? Date.now
  const records = createUserRecords(now)
  const throttle = createSignInThrottle({ now, ...dependencies.throttle })
  const sleep =
    dependencies.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  // Spent on unknown usernames too, so timing does not tell which usernames exist.
  const decoyHash = hashPassword('decoy password for timing')

  async function insert(actor: string, user: User, password: string): Promise<User> {
    // Hashing is slow and async: before the transaction, never inside it.
    const passwordHash = await hashPassword(password)
    await store.commit(async (tx, events) => {
      events.push(await records.insert(tx, user, passwordHash))
      await recordAudit(tx, now(), {
        actor,
        action: 'user.created',
        target: user.username,
        details: { role: user.role, displayName: user.displayName, kfAccount: user.kfAccount },
      })
    })
    return user
  }

  async function userOfSession(tokenHash: string): Promise<User | null> {
    const username = await store.sessions.usernameOf(tokenHash, now())
    if (username === null) return null
    const user = (await store.users.get(username))?.user ?? null
    return user === null || user.isDisabled ? null : user
  }

  return {
    async signIn(username, password, address = 'unknown') {
      const attempt = throttle.begin(username, address)
      const stored = await store.users.get(username)
      const isValid = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash))
      if (stored === null || !isValid || stored.user.isDisabled) {
        const delayMs = attempt.failed()
        if (delayMs > 0) await sleep(delayMs)
        throw new RelayError('unauthorized', 'Wrong username or password.')
      }
      attempt.succeeded()
      const token = createSessionToken()
      const createdAt = now()
      // Through the store's transaction, so a disk that refuses it answers `unavailable`, like every write.
      await store.transaction(
        async (tx) =>
          await tx.sessions.insert(
            hashSessionToken(token),
            username,
            createdAt,
            createdAt + SESSION_LIFETIME_MS,
          ),
      )
      return { token, user: stored.user }
    },
    async signOut(token) {
      const tokenHash = hashSessionToken(token)
      const hadSession = (await store.sessions.usernameOf(tokenHash, now())) !== null
      await store.transaction(async (tx) => await tx.sessions.delete(tokenHash))
      return hadSession
    },
    authenticate: (token) => userOfSession(hashSessionToken(token)),
    userOfSession,
    signInThrottles: () => throttle.list(),
    clearSignInThrottles(actor, filter) {
      // The throttle lives in memory, so only the entry is written; a disk refusing it still answers the
      // admin with the store's error, and the keys are gone either way (a failed audit write cannot lock anyone).
      return store.transaction(async (tx) => {
        const cleared = throttle.clear(filter)
        await recordAudit(tx, now(), {
          actor,
          action: 'sign-in-throttle.cleared',
          target: filter.username ?? null,
          details: { address: filter.address, cleared },
        })
        return cleared
      })
    },
    async createUser(actor, request) {
      const user = userOf(request.username, request.role, request.displayName, request.kfAccount ?? null)
      if ((await store.users.get(user.username)) !== null) {
        // Checked before the slow hash as well as inside the transaction, so a taken name answers at once.
        return Promise.reject(new RelayError('conflict', `User ${user.username} already exists.`))
      }
      return insert(actor, user, request.password)
    },
    async bootstrapAdmin(password) {
      if (password === null || (await store.users.count()) > 0) return null
      const user = userOf('admin', 'admin', 'Administrator', null)
      // Not logged: no desktop can be connected to a relay without users, and every desktop reads
      // `GET /api/users` when it goes live; the log (and so every seq) starts with the first real change.
      try {
        await store.users.insert(user, await hashPassword(password), now())
      } catch (error) {
        // Relays starting together on one database: one of them created the admin first, and that is
        // the account, whichever relay made it.
        if ((await store.users.get(user.username)) !== null) return null
        throw error
      }
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
