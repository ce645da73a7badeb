import { expect, test } from '@playwright/test'
import { fittingChipCount } from '../../../../renderer/src/inbox/fitting-chip-count.js'

test('row tags: all chips when they fit, else as many as fit beside a "+N" chip, never a cut one', () => {
  expect(fittingChipCount([60, 40], 200)).toBe(2)
  expect(fittingChipCount([60, 40], 108)).toBe(2)
  expect(fittingChipCount([60, 40], 107)).toBe(1)
  expect(fittingChipCount([60, 40, 50], 140)).toBe(1)
  expect(fittingChipCount([120, 40], 100)).toBe(0)
  expect(fittingChipCount([], 0)).toBe(0)
})
