import { expect, test } from '@playwright/test'
import type { QueuedCommand } from '../../../../../common/ipc/channels.js'
import { bindBridgeEvents } from '../../../../../renderer/src/store/bind-bridge-events.js'
import { createAppStore } from '../../../../../renderer/src/store/create-app-store.js'
import { createFakeBridge } from '../../fake-bridge.js'

const pending: QueuedCommand = {
  clientId: 'c1',
  conversationId: 'a',
  command: 'set-status',
  request: { status: 'resolved', version: 3 },
  state: 'pending',
  code: null,
  reason: null,
  changedBy: null,
}

test('an offline command is listed as pending, and its refusal reaches the notice in plain words', async () => {
  const bridge = createFakeBridge()
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  bridge.push('commands:changed', [pending])
  expect(Object.keys(store.getState().pendingCommandsById)).toEqual(['c1'])
  expect(store.getState().notice).toBeNull()

  const reason = 'The conversation changed meanwhile by bo: now pending, assigned to nobody.'
  bridge.push('commands:changed', [
    { ...pending, state: 'refused', code: 'conflict', reason, changedBy: 'bo' },
  ])
  expect(store.getState().pendingCommandsById).toEqual({})
  expect(store.getState().notice).toMatchObject({ key: 'notice.commandFailed', values: { message: reason } })
})

test('an applied command leaves the pending list without a notice; a lost offline claim names the winner', async () => {
  const bridge = createFakeBridge()
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  bridge.push('commands:changed', [pending, { ...pending, clientId: 'c2', command: 'assign' }])
  bridge.push('commands:changed', [{ ...pending, state: 'applied' }])
  expect(Object.keys(store.getState().pendingCommandsById)).toEqual(['c2'])
  expect(store.getState().notice).toBeNull()
  bridge.push('commands:changed', [
    {
      ...pending,
      clientId: 'c2',
      command: 'assign',
      state: 'refused',
      code: 'conflict',
      reason: 'x',
      changedBy: 'bo',
    },
  ])
  expect(store.getState().notice).toMatchObject({ key: 'notice.claimLost' })
})
