import { expect, test } from '@playwright/test'
import { createSignInThrottle, USERNAME_LIMITS } from '../../../../relay/auth/sign-in-throttle.js'
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

test('failures past the slow-down point are held back longer each time, then the username locks', () => {
  let now = 1_000_000
  const throttle = createSignInThrottle({ now: () => now })
  const delays = Array.from({ length: USERNAME_LIMITS.lockAfter }, () => throttle.begin('ann', 'a1').failed())
  expect(delays).toEqual([0, 0, 0, 250, 500])
  const refusal = refusalOf(() => throttle.begin('ANN ', 'a2'))
  expect(refusal.code).toBe('rate_limited')
  expect(refusal.details).toEqual({ retryAfterSeconds: 300 })
  now += 300_000
  throttle.begin('ann', 'a1').succeeded()
  // The success wiped the record: counting starts again from nothing.
  expect(throttle.begin('ann', 'a1').failed()).toBe(0)
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
  // The right password among them still gets in, and lifts the username's lock.
  inFlight[4]!.succeeded()
  for (const attempt of inFlight.slice(0, 4)) attempt.failed()
  expect(() => throttle.begin('cy', 'b').succeeded()).not.toThrow()
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
  now += USERNAME_LIMITS.windowMs
  expect(throttle.begin('dee', 'a').failed()).toBe(0)
})
