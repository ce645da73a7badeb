import { expect, test } from '@playwright/test'
import { timeOrderedId } from '../../../../relay/ingest/time-ordered-id.js'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('ids are version-7 UUIDs, unique, and sort by their millisecond', () => {
  const ids = Array.from({ length: 2_000 }, (_, index) => timeOrderedId(1_714_000_000_000 + index))
  expect(ids.every((id) => UUID_V7.test(id))).toBe(true)
  expect(new Set(ids).size).toBe(ids.length)
  expect([...ids].sort()).toEqual(ids)
  expect(timeOrderedId(0x018f125c7400).startsWith('018f125c-7400-7')).toBe(true)
})

test('ids of one millisecond still differ', () => {
  const ids = Array.from({ length: 1_000 }, () => timeOrderedId(1_714_000_000_000))
  expect(new Set(ids).size).toBe(ids.length)
})
