import type { OtherRelays } from '../cluster/other-relays.js'
import { RelayError } from '../relay-error.js'
import { shareThrottle } from './shared-throttle.js'

/** How one kind of key (a username from an address, an address) is throttled. */
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

/**
 * Guessing one account's password from one address: slow after 3 failures, lock for 5 minutes after 5.
 * Never per username alone: anyone anywhere could then lock `admin` out of their own relay.
 */
export const USERNAME_ADDRESS_LIMITS: ThrottleLimits = {
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
  /** The password was right: that username's record for the address is wiped, the address forgets this one. */
  succeeded(): void
  /** The password was wrong: answers how long to hold the answer back (0 before the slow-down starts). */
  failed(): number
}

/** One throttled key as an admin sees it: a username from an address, or a whole address. */
export interface ThrottleEntry {
  /** Null for the address's own count (every username tried from it). */
  readonly username: string | null
  readonly address: string
  /** Failures within the window. */
  readonly failures: number
  /** Epoch ms until which sign-ins are refused, or null when not locked. */
  readonly lockedUntil: number | null
}

/** Which keys to clear: both absent clears every key. */
export interface ThrottleFilter {
  /** Every key of this username, from any address. */
  readonly username?: string
  /** Every key of this address: its own count and each username's from it. */
  readonly address?: string
}

/** Counts failed sign-ins per (username, address) and per address; `rate_limited` while either is locked. */
export interface SignInThrottle {
  /** Claims an attempt before the password is checked; throws `rate_limited` (with the wait) when locked. */
  begin(username: string, address: string): SignInAttempt
  /** The keys that count failures or are locked now, locked first. */
  list(): ThrottleEntry[]
  /** Forgets the matching keys (an admin let someone back in); answers how many. */
  clear(filter: ThrottleFilter): number
}

/** Tunables; the defaults are the limits above. */
export interface SignInThrottleOptions {
  readonly now: () => number
  readonly usernameAddress?: ThrottleLimits
  readonly address?: ThrottleLimits
  /** The other relays on this database, which count the same failures (none on SQLite). */
  readonly otherRelays?: OtherRelays
}

interface KeyRecord {
  readonly username: string | null
  readonly address: string
  readonly limits: ThrottleLimits
  /** Times of the failures (and attempts in flight) within the window. */
  failures: number[]
  lockedUntil: number
  /** Locks in a row: the next lock lasts longer. */
  lockCount: number
}

export type AttemptOutcome = 'succeeded' | 'failed'

/** An attempt whose keys are claimed, on the relay that checks it or one that was told of it. */
export interface OpenAttempt {
  /** How long a failed answer is held back. */
  readonly delayMs: number
  settle(outcome: AttemptOutcome): void
}

interface Claim {
  readonly record: KeyRecord
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
  const usernameAddressLimits = options.usernameAddress ?? USERNAME_ADDRESS_LIMITS
  const addressLimits = options.address ?? ADDRESS_LIMITS
  const records = new Map<string, KeyRecord>()

  function recordOf(
    key: string,
    at: number,
    fields: Pick<KeyRecord, 'username' | 'address' | 'limits'>,
  ): KeyRecord {
    let record = records.get(key)
    if (record === undefined) {
      if (records.size >= MAX_KEYS) prune(at)
      record = { ...fields, failures: [], lockedUntil: 0, lockCount: 0 }
      records.set(key, record)
    }
    forgetOld(record, at)
    return record
  }

  function forgetOld(record: KeyRecord, at: number): void {
    record.failures = record.failures.filter((time) => at - time < record.limits.windowMs)
    // A lock long past no longer makes the next one longer.
    if (record.lockedUntil + record.limits.windowMs < at) record.lockCount = 0
  }

  function isIdle(record: KeyRecord, at: number): boolean {
    return record.lockedUntil <= at && record.failures.every((time) => at - time >= record.limits.windowMs)
  }

  function prune(at: number): void {
    for (const [key, record] of records) if (isIdle(record, at)) records.delete(key)
    // Still full: the oldest keys go first (a Map iterates in insertion order).
    for (const key of records.keys()) {
      if (records.size < MAX_KEYS) break
      records.delete(key)
    }
  }

  function claim(record: KeyRecord, at: number): Claim {
    const { limits } = record
    record.failures.push(at)
    const previousLockedUntil = record.lockedUntil
    const didLock = record.failures.length >= limits.lockAfter
    if (didLock) {
      record.lockedUntil =
        at + Math.min(limits.lockMs * 2 ** Math.min(record.lockCount, 10), limits.maxLockMs)
      record.lockCount += 1
    }
    return { record, at, didLock, previousLockedUntil }
  }

  function release(claimed: Claim): void {
    const index = claimed.record.failures.indexOf(claimed.at)
    if (index >= 0) claimed.record.failures.splice(index, 1)
    if (claimed.didLock) {
      claimed.record.lockedUntil = claimed.previousLockedUntil
      claimed.record.lockCount -= 1
    }
  }

  /** Claims both keys of an attempt; settling it succeeded or failed applies the same rules on every relay. */
  function open(name: string, address: string, at: number): OpenAttempt {
    // NUL cannot occur in an address, so no username/address pair can pass for another.
    const pairKey = pairKeyOf(address, name)
    const claims = [
      claim(recordOf(pairKey, at, { username: name, address, limits: usernameAddressLimits }), at),
      claim(recordOf(addressKeyOf(address), at, { username: null, address, limits: addressLimits }), at),
    ] as const
    return {
      delayMs: Math.max(...claims.map(delayOf)),
      settle(outcome) {
        if (outcome === 'succeeded') {
          records.delete(pairKey)
          release(claims[1])
        } else {
          // A lock starts the count again: the next failures after it are slowed anew only past `slowAfter`.
          for (const claimed of claims) if (claimed.didLock) claimed.record.failures = []
        }
      },
    }
  }

  function clear(filter: ThrottleFilter): number {
    const name = filter.username === undefined ? undefined : normalizedUsername(filter.username)
    let count = 0
    for (const [key, record] of records) {
      if (name !== undefined && record.username !== name) continue
      if (filter.address !== undefined && record.address !== filter.address) continue
      records.delete(key)
      count += 1
    }
    return count
  }

  const shared =
    options.otherRelays === undefined ? null : shareThrottle(options.otherRelays, { open, clear })

  return {
    begin(username, address) {
      const at = now()
      const name = normalizedUsername(username)
      const lockedUntil = Math.max(
        records.get(pairKeyOf(address, name))?.lockedUntil ?? 0,
        records.get(addressKeyOf(address))?.lockedUntil ?? 0,
      )
      if (lockedUntil > at) {
        const retryAfterSeconds = Math.ceil((lockedUntil - at) / 1000)
        throw new RelayError(
          'rate_limited',
          `Too many failed sign-ins from this address; try again in ${durationInWords(retryAfterSeconds)}.`,
          { retryAfterSeconds },
        )
      }
      const opened = open(name, address, at)
      const told = shared?.begun(name, address, at) ?? null
      let isSettled = false
      const settle = (outcome: AttemptOutcome): void => {
        if (isSettled) return
        isSettled = true
        opened.settle(outcome)
        told?.settled(outcome)
      }
      return {
        succeeded: () => settle('succeeded'),
        failed() {
          settle('failed')
          return opened.delayMs
        },
      }
    },
    list() {
      const at = now()
      const entries: ThrottleEntry[] = []
      for (const record of records.values()) {
        forgetOld(record, at)
        if (isIdle(record, at)) continue
        entries.push({
          username: record.username,
          address: record.address,
          failures: record.failures.length,
          lockedUntil: record.lockedUntil > at ? record.lockedUntil : null,
        })
      }
      return entries.sort((a, b) => (b.lockedUntil ?? 0) - (a.lockedUntil ?? 0) || b.failures - a.failures)
    },
    clear(filter) {
      shared?.cleared(filter)
      return clear(filter)
    },
  }
}

const pairKeyOf = (address: string, name: string): string => `pair:${address}\u0000${name}`
const addressKeyOf = (address: string): string => `address:${address}`

/** Usernames differing only in case, spacing or Unicode form share a count. */
function normalizedUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase()
}

function delayOf(claimed: Claim): number {
  const over = claimed.record.failures.length - claimed.record.limits.slowAfter
  if (over <= 0) return 0
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(over - 1, 0), MAX_DELAY_MS)
}

function durationInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}
