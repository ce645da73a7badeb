import { expect, test } from '@playwright/test'
import { createTypingGate, TYPING_DURATION_MS } from '../../../../relay/outbound/typing-gate.js'

test('Typing is not repeated within 15 s, CancelTyping only while shown, a message hides it', () => {
  let clock = 1_000_000
  const gate = createTypingGate(() => clock)
  expect(gate.commandFor('o1', false)).toBeNull()
  expect(gate.commandFor('o1', true)).toBe('Typing')
  gate.accepted('o1', 'Typing')
  expect(gate.commandFor('o1', true)).toBeNull()
  clock += TYPING_DURATION_MS - 1
  expect(gate.commandFor('o1', true)).toBeNull()
  clock += 1
  expect(gate.commandFor('o1', true)).toBe('Typing')
  gate.accepted('o1', 'Typing')
  expect(gate.commandFor('o1', false)).toBe('CancelTyping')
  gate.messageSent('o1')
  expect(gate.commandFor('o1', false)).toBeNull()
})
