import { RelayError } from '../relay-error.js'

/** How one kind of key (a username, an address) is throttled. */
export interface ThrottleLimits {
  /** Failures within the window after which each failed answer is held back. */
  readonly slowAfter: number
  /** Failures within the window that lock the key. */
  readonly lockAfter: number
  readonly windowMs: number
  /** The first lock; each lock that follows soon after doubles it, up to `maxLockMs`. */
  readonly lockMs: number
  readonly maxLockMs: number
}

/** Guessing one account's password: slow after 3 failures, lock for 5 minutes after 5. */
export const USERNAME_LIMITS: ThrottleLimits = {
  slowAfter: 3,
  lockAfter: 5,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
  maxLockMs: 60 * 60_000,
}

/** Spraying from one address: looser, since a whole office may sign in from behind one NAT. */
export const ADDRESS_LIMITS: ThrottleLimits = {
  slowAfter: 10,
  lockAfter: 30,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxLockMs: 60 * 60_000,
}

/** The hold-back of the first slowed failure; it doubles with each failure after, up to the maximum. */
const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 4_000
/** Keys kept at most: a spray of made-up usernames must not grow the relay's memory without bound. */
const MAX_KEYS = 10_000

/** One sign-in attempt that was let through: settle it once the password was checked. */
export interface SignInAttempt {
  /** The password was right: the username's record is wiped, this attempt stops counting for the address. */
  succeeded(): void
  /** The password was wrong: answers how long to hold the answer back (0 before the slow-down starts). */
  failed(): number
}

/** Counts failed sign-ins per username and per address; answers `rate_limited` while either is locked. */
export interface SignInThrottle {
  /** Claims an attempt before the password is checked; throws `rate_limited` (with the wait) when locked. */
  begin(username: string, address: string): SignInAttempt
}

/** Tunables; the defaults are the limits above. */
export interface SignInThrottleOptions {
  readonly now: () => number
  readonly username?: ThrottleLimits
  readonly address?: ThrottleLimits
}

interface KeyRecord {
  /** Times of the failures (and attempts in flight) within the window. */
  failures: number[]
  lockedUntil: number
  /** Locks in a row: the next lock lasts longer. */
  lockCount: number
}

interface Claim {
  readonly key: string
  readonly record: KeyRecord
  readonly limits: ThrottleLimits
  readonly at: number
  readonly didLock: boolean
  readonly previousLockedUntil: number
}

/**
 * Creates the throttle. An attempt counts as a failure from the moment it begins, so a burst of
 * parallel guesses is locked as soon as enough of them are in flight, not only once they have failed.
 */
export function createSignInThrottle(options: SignInThrottleOptions): SignInThrottle {
  const { now } = options
  const usernameLimits = options.username ?? USERNAME_LIMITS
  const addressLimits = options.address ?? ADDRESS_LIMITS
  const records = new Map<string, KeyRecord>()
  const longestWindowMs = Math.max(usernameLimits.windowMs, addressLimits.windowMs)

  function recordOf(key: string, at: number, limits: ThrottleLimits): KeyRecord {
    let record = records.get(key)
    if (record === undefined) {
      if (records.size >= MAX_KEYS) prune(at)
      record = { failures: [], lockedUntil: 0, lockCount: 0 }
      records.set(key, record)
    }
    record.failures = record.failures.filter((time) => at - time < limits.windowMs)
    // A lock long past no longer makes the next one longer.
    if (record.lockedUntil + limits.windowMs < at) record.lockCount = 0
    return record
  }

  function prune(at: number): void {
    for (const [key, record] of records) {
      const isIdle = record.lockedUntil <= at && record.failures.every((time) => at - time >= longestWindowMs)
      if (isIdle) records.delete(key)
    }
    // Still full: the oldest keys go first (a Map iterates in insertion order).
    for (const key of records.keys()) {
      if (records.size < MAX_KEYS) break
      records.delete(key)
    }
  }

  function claim(key: string, limits: ThrottleLimits, at: number): Claim {
    const record = recordOf(key, at, limits)
    record.failures.push(at)
    const previousLockedUntil = record.lockedUntil
    const didLock = record.failures.length >= limits.lockAfter
    if (didLock) {
      record.lockedUntil =
        at + Math.min(limits.lockMs * 2 ** Math.min(record.lockCount, 10), limits.maxLockMs)
      record.lockCount += 1
    }
    return { key, record, limits, at, didLock, previousLockedUntil }
  }

  function release(claimed: Claim): void {
    const index = claimed.record.failures.indexOf(claimed.at)
    if (index >= 0) claimed.record.failures.splice(index, 1)
    if (claimed.didLock) {
      claimed.record.lockedUntil = claimed.previousLockedUntil
      claimed.record.lockCount -= 1
    }
  }

  return {
    begin(username, address) {
      const at = now()
      const usernameKey = `user:${username.normalize('NFC').trim().toLowerCase()}`
      const addressKey = `address:${address}`
      const lockedUntil = Math.max(
        records.get(usernameKey)?.lockedUntil ?? 0,
        records.get(addressKey)?.lockedUntil ?? 0,
      )
      if (lockedUntil > at) {
        const retryAfterSeconds = Math.ceil((lockedUntil - at) / 1000)
        throw new RelayError(
          'rate_limited',
          `Too many failed sign-ins; try again in ${durationInWords(retryAfterSeconds)}.`,
          { retryAfterSeconds },
        )
      }
      const claims = [claim(usernameKey, usernameLimits, at), claim(addressKey, addressLimits, at)]
      const delayMs = Math.max(...claims.map(delayOf))
      let isSettled = false
      return {
        succeeded() {
          if (isSettled) return
          isSettled = true
          records.delete(usernameKey)
          release(claims[1]!)
        },
        failed() {
          isSettled = true
          // A lock starts the count again: the next failures after it are slowed anew only past `slowAfter`.
          for (const claimed of claims) if (claimed.didLock) claimed.record.failures = []
          return delayMs
        },
      }
    },
  }
}

function delayOf(claimed: Claim): number {
  const over = claimed.record.failures.length - claimed.limits.slowAfter
  if (over <= 0) return 0
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(over - 1, 0), MAX_DELAY_MS)
}

function durationInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}
