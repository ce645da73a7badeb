import { expect, test } from '@playwright/test'
import { createSimulatorTokens } from '../../simulator/simulator-tokens.js'

test('a new classic token retires the old one after the grace period; expiry answers 42001', () => {
  let clock = 0
  const tokens = createSimulatorTokens({ now: () => clock, lifetimeSeconds: 7200, classicGraceMs: 300_000 })
  const first = tokens.issueClassic().access_token
  const second = tokens.issueClassic().access_token
  expect(second).not.toBe(first)
  expect(tokens.verdictOf(first)).toBe(0)
  clock += 300_000
  expect(tokens.verdictOf(first)).toBe(40001)
  expect(tokens.verdictOf(second)).toBe(0)
  clock = 7_200_000
  expect(tokens.verdictOf(second)).toBe(42001)
  expect(tokens.verdictOf('made-up')).toBe(40001)
})

test('stable tokens: the same one until its last 5 minutes, a forced refresh revokes it at once', () => {
  let clock = 0
  const tokens = createSimulatorTokens({ now: () => clock, lifetimeSeconds: 7200, classicGraceMs: 300_000 })
  const first = tokens.issueStable(false)
  expect(tokens.issueStable(false)).toEqual({ access_token: first.access_token, expires_in: 7200 })
  clock = 7_200_000 - 299_000
  const renewed = tokens.issueStable(false).access_token
  expect(renewed).not.toBe(first.access_token)
  expect(tokens.verdictOf(first.access_token)).toBe(0)
  const forced = tokens.issueStable(true).access_token
  expect(tokens.verdictOf(renewed)).toBe(40001)
  expect(tokens.verdictOf(forced)).toBe(0)
  // Classic and stable tokens are isolated: a classic fetch leaves the stable one alone.
  tokens.issueClassic()
  expect(tokens.verdictOf(forced)).toBe(0)
})
