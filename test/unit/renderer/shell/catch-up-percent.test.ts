import { expect, test } from '@playwright/test'
import { createI18n } from '../../../../renderer/src/i18n/create-i18n.js'
import { catchUpPercentOf } from '../../../../renderer/src/shell/catch-up-percent.js'

test('a snapshot with a total shows whole percent, never 100 before it is live', () => {
  expect(catchUpPercentOf(0, 520_000)).toBe(0)
  expect(catchUpPercentOf(234_000, 520_000)).toBe(45)
  expect(catchUpPercentOf(519_999, 520_000)).toBe(99)
  expect(catchUpPercentOf(520_000, 520_000)).toBe(99)
  // A relay may count differently from what arrives: the figure stays in range.
  expect(catchUpPercentOf(600_000, 520_000)).toBe(99)
})

test('a replay without a total (or an empty one) shows no percent', () => {
  expect(catchUpPercentOf(1_200, undefined)).toBeNull()
  expect(catchUpPercentOf(0, 0)).toBeNull()
})

test('the indicator text in both languages', () => {
  const english = createI18n('en')
  expect(english.t('connection.catchingUpPercent', { percent: catchUpPercentOf(45, 100) })).toBe(
    'Catching up · 45%',
  )
  const chinese = createI18n('zh-CN')
  expect(chinese.t('connection.catchingUpPercent', { percent: 45 })).toBe('正在同步 · 45%')
})
