import { expect, test } from '@playwright/test'
import { createSimulatorWindows } from '../../simulator/simulator-windows.js'

test('a message opens 48 h with 5 sends, a follow 1 minute with 3, an unfollow closes all', () => {
  let clock = 0
  const windows = createSimulatorWindows(() => clock)
  expect(windows.consume('stranger')).toBe(40003)
  windows.record('o1', 'subscribe')
  expect([1, 2, 3, 4].map(() => windows.consume('o1'))).toEqual([0, 0, 0, 45047])
  clock = 60_000
  expect(windows.consume('o1')).toBe(45015)
  windows.record('o1', 'message')
  expect([1, 2, 3, 4, 5, 6].map(() => windows.consume('o1'))).toEqual([0, 0, 0, 0, 0, 45047])
  windows.record('o1', 'message')
  expect(windows.consume('o1')).toBe(0)
  clock += 48 * 3_600_000
  expect(windows.consume('o1')).toBe(45015)
  windows.record('o1', 'message')
  windows.record('o1', 'unsubscribe')
  expect(windows.consume('o1')).toBe(45015)
})
