import { expect, test } from '@playwright/test'
import {
  ADDRESS_LIMITS,
  createSignInThrottle,
  USERNAME_ADDRESS_LIMITS,
} from '../../../../relay/auth/sign-in-throttle.js'
import { RelayError } from '../../../../relay/relay-error.js'

function refusalOf(work: () => unknown): RelayError {
  try {
    work()
  } catch (error) {
    if (error instanceof RelayError) return error
    throw error
  }
  throw new Error('the attempt was let through')
}

test('failures past the slow-down point are held back longer each time, then the username locks from that address', () => {
  let now = 1_000_000
  const throttle = createSignInThrottle({ now: () => now })
  const delays = Array.from({ length: USERNAME_ADDRESS_LIMITS.lockAfter }, () =>
    throttle.begin('ann', 'a1').failed(),
  )
  expect(delays).toEqual([0, 0, 0, 250, 500])
  const refusal = refusalOf(() => throttle.begin('ANN ', 'a1'))
  expect(refusal.code).toBe('rate_limited')
  expect(refusal.details).toEqual({ retryAfterSeconds: 300 })
  now += 300_000
  throttle.begin('ann', 'a1').succeeded()
  // The success wiped the record: counting starts again from nothing.
  expect(throttle.begin('ann', 'a1').failed()).toBe(0)
})

test("a locked username still signs in from another address: nobody can lock someone else's account", () => {
  const throttle = createSignInThrottle({ now: () => 0 })
  // 25 wrong passwords for admin from one address: locked there, and locked again after each lock ends.
  for (let index = 0; index < 25; index += 1) {
    try {
      throttle.begin('admin', 'attacker').failed()
    } catch (error) {
      if (!(error instanceof RelayError)) throw error
    }
  }
  expect(refusalOf(() => throttle.begin('admin', 'attacker')).code).toBe('rate_limited')
  // Not slowed either: the other address has no failures of its own.
  const fromOffice = throttle.begin('admin', 'office')
  expect(() => fromOffice.succeeded()).not.toThrow()
  expect(throttle.begin('admin', 'office').failed()).toBe(0)
})

test('a lock that follows soon after the last one lasts twice as long', () => {
  let now = 0
  const throttle = createSignInThrottle({ now: () => now })
  for (let index = 0; index < 5; index += 1) throttle.begin('bo', 'a').failed()
  now += 300_000
  for (let index = 0; index < 5; index += 1) throttle.begin('bo', 'a').failed()
  expect(refusalOf(() => throttle.begin('bo', 'a')).details).toEqual({ retryAfterSeconds: 600 })
})

test('attempts in flight count: the one that reaches the limit locks out those that begin after it', () => {
  const throttle = createSignInThrottle({ now: () => 5 })
  const inFlight = Array.from({ length: 5 }, () => throttle.begin('cy', 'a'))
  expect(refusalOf(() => throttle.begin('cy', 'a')).code).toBe('rate_limited')
  // The right password among them still gets in, and lifts the lock of that username from that address.
  inFlight[4]!.succeeded()
  for (const attempt of inFlight.slice(0, 4)) attempt.failed()
  expect(() => throttle.begin('cy', 'a').succeeded()).not.toThrow()
})

test('an address is locked on its own limit, whatever username comes next; a success does not reset it', () => {
  const throttle = createSignInThrottle({
    now: () => 0,
    address: { slowAfter: 2, lockAfter: 3, windowMs: 60_000, lockMs: 60_000, maxLockMs: 60_000 },
  })
  throttle.begin('one', 'office').failed()
  throttle.begin('mine', 'office').succeeded()
  throttle.begin('two', 'office').failed()
  expect(throttle.begin('three', 'office').failed()).toBe(250)
  expect(refusalOf(() => throttle.begin('mine', 'office')).details).toEqual({ retryAfterSeconds: 60 })
  expect(() => throttle.begin('mine', 'home').succeeded()).not.toThrow()
})

test('failures older than the window are forgotten', () => {
  let now = 0
  const throttle = createSignInThrottle({ now: () => now })
  for (let index = 0; index < 4; index += 1) throttle.begin('dee', 'a').failed()
  now += USERNAME_ADDRESS_LIMITS.windowMs
  expect(throttle.begin('dee', 'a').failed()).toBe(0)
  expect(throttle.list()).toEqual([
    { username: 'dee', address: 'a', failures: 1, lockedUntil: null },
    { username: null, address: 'a', failures: 1, lockedUntil: null },
  ])
})

test('the list shows locks first; clearing by username, by address or all lets them in at once', () => {
  let now = 10_000
  const throttle = createSignInThrottle({ now: () => now })
  for (let index = 0; index < 5; index += 1) throttle.begin('Eve', 'x').failed()
  for (let index = 0; index < 5; index += 1) throttle.begin('fay', 'y').failed()
  throttle.begin('gus', 'x').failed()
  now += 1_000
  expect(throttle.list()).toEqual([
    { username: 'eve', address: 'x', failures: 0, lockedUntil: 10_000 + USERNAME_ADDRESS_LIMITS.lockMs },
    { username: 'fay', address: 'y', failures: 0, lockedUntil: 10_000 + USERNAME_ADDRESS_LIMITS.lockMs },
    { username: null, address: 'x', failures: 6, lockedUntil: null },
    { username: null, address: 'y', failures: 5, lockedUntil: null },
    { username: 'gus', address: 'x', failures: 1, lockedUntil: null },
  ])

  expect(throttle.clear({ username: 'EVE' })).toBe(1)
  expect(() => throttle.begin('eve', 'x').succeeded()).not.toThrow()
  expect(refusalOf(() => throttle.begin('fay', 'y')).code).toBe('rate_limited')
  // An address takes its own count and every username's from it.
  expect(throttle.clear({ address: 'x' })).toBe(2)
  expect(throttle.list().map((entry) => entry.address)).toEqual(['y', 'y'])
  expect(throttle.clear({ username: 'fay', address: 'x' })).toBe(0)
  expect(throttle.clear({})).toBe(2)
  expect(throttle.list()).toEqual([])
  expect(() => throttle.begin('fay', 'y').succeeded()).not.toThrow()
})

test('an address lock is listed with no username and lifted by clearing that address', () => {
  const throttle = createSignInThrottle({ now: () => 0 })
  for (let index = 0; index < ADDRESS_LIMITS.lockAfter; index += 1)
    throttle.begin(`user${index}`, 'nat').failed()
  expect(throttle.list()[0]).toEqual({
    username: null,
    address: 'nat',
    failures: 0,
    lockedUntil: ADDRESS_LIMITS.lockMs,
  })
  expect(refusalOf(() => throttle.begin('someone', 'nat')).code).toBe('rate_limited')
  throttle.clear({ address: 'nat' })
  expect(() => throttle.begin('someone', 'nat').succeeded()).not.toThrow()
})
