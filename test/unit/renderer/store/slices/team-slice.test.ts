import { expect, test } from '@playwright/test'
import type { Board, Team } from '../../../../../common/domain/team.js'
import type { User } from '../../../../../common/domain/user.js'
import { bindBridgeEvents } from '../../../../../renderer/src/store/bind-bridge-events.js'
import { createAppStore } from '../../../../../renderer/src/store/create-app-store.js'
import { createFakeBridge, itemOf, messageOf } from '../../fake-bridge.js'

const NOW = Date.UTC(2026, 0, 1)

const userOf = (username: string, role: User['role'] = 'agent'): User => ({
  username,
  displayName: username.toUpperCase(),
  role,
  isDisabled: false,
  kfAccount: null,
  teamId: null,
})

const supervisor = { relayUrl: 'http://127.0.0.1:1', user: userOf('mei', 'supervisor') }

test('presence and viewing pushes merge; my own mark is never shown to me', async () => {
  const bridge = createFakeBridge({
    'presence:list': () => [{ username: 'bo', status: 'online', since: NOW }],
    'viewing:list': () => [{ conversationId: 'a', usernames: ['mei', 'bo'] }],
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().presenceByName['bo']?.status).toBe('online')
  expect(store.getState().viewersById['a']).toEqual(['bo'])
  bridge.push('presence:changed', [{ username: 'bo', status: 'away', since: NOW + 1 }])
  expect(store.getState().presenceByName['bo']?.status).toBe('away')
  bridge.push('viewing:changed', { conversationId: 'a', usernames: ['mei'] })
  expect(store.getState().viewersById['a']).toBeUndefined()
})

test('opening conversations moves the viewing mark: the old one is cleared, the new one set', async () => {
  const bridge = createFakeBridge({ 'inbox:list': () => [itemOf('a', NOW, 1), itemOf('b', NOW, 2)] })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await store.getState().openConversation('a')
  await store.getState().openConversation('b')
  const marks = bridge.calls
    .filter((call) => call.channel === 'conversations:view')
    .map((call) => call.request)
  expect(marks).toEqual([
    { conversationId: 'a', isViewing: true },
    { conversationId: 'a', isViewing: false },
    { conversationId: 'b', isViewing: true },
  ])
})

test('idle detection sets away and back online, but never overrides a status chosen by hand', async () => {
  const bridge = createFakeBridge({
    'presence:set': (request) => ({
      ok: true,
      value: { username: 'mei', status: request.status, since: NOW },
    }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().session.user?.username).toBe('mei')
  store.getState().setIdle(true)
  await expect.poll(() => store.getState().presenceByName['mei']?.status).toBe('away')
  store.getState().setIdle(false)
  await expect.poll(() => store.getState().presenceByName['mei']?.status).toBe('online')
  await store.getState().setMyStatus('away', true)
  store.getState().setIdle(false)
  const sent = bridge.calls.filter((call) => call.channel === 'presence:set').map((call) => call.request)
  expect(sent).toEqual([{ status: 'away' }, { status: 'online' }, { status: 'away' }])
  expect(store.getState().myStatus).toBe('away')
})

test('shift-click selects a range; bulk reassign sends every version and the note, then clears', async () => {
  const items = ['a', 'b', 'c', 'd'].map((id, index) => itemOf(id, NOW, index + 1, { version: index + 3 }))
  const bridge = createFakeBridge({
    'session:get': () => supervisor,
    'inbox:list': () => items,
    'users:list': () => [userOf('bo')],
    'conversations:bulk-assign': (request) => ({
      ok: true,
      value: request.conversations.map((each) => ({
        ...items.find((item) => item.conversation.id === each.conversationId)!.conversation,
        assignee: request.assignee,
        version: each.version + 1,
      })),
    }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  const order = ['d', 'c', 'b', 'a']
  store.getState().toggleSelected('c')
  store.getState().selectRange(order, 'a')
  expect(Object.keys(store.getState().selectedIds).sort()).toEqual(['a', 'b', 'c'])
  const result = await store.getState().bulkReassign('bo', '  Refund cases, customer is waiting.  ')
  expect(result).toEqual({ ok: true })
  const request = bridge.calls.find((call) => call.channel === 'conversations:bulk-assign')?.request as {
    conversations: { conversationId: string; version: number }[]
    note: string
  }
  expect([...request.conversations].sort((x, y) => x.conversationId.localeCompare(y.conversationId))).toEqual(
    [
      { conversationId: 'a', version: 3 },
      { conversationId: 'b', version: 4 },
      { conversationId: 'c', version: 5 },
    ],
  )
  expect(request).toMatchObject({ assignee: 'bo', note: 'Refund cases, customer is waiting.' })
  expect(store.getState().selectedIds).toEqual({})
  expect(store.getState().inboxById['b']?.conversation.assignee).toBe('bo')
  expect(store.getState().notice).toMatchObject({
    kind: 'info',
    key: 'team.reassigned',
    values: { name: 'BO' },
  })
})

test('a refused bulk move keeps the selection and hands back the relay’s own words', async () => {
  const bridge = createFakeBridge({
    'session:get': () => supervisor,
    'inbox:list': () => [itemOf('a', NOW, 1)],
    'conversations:bulk-assign': () => ({
      ok: false,
      code: 'invalid',
      message: 'bo is disabled and cannot receive conversations.',
    }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  store.getState().toggleSelected('a')
  const result = await store.getState().bulkReassign('bo', '')
  expect(result).toEqual({
    ok: false,
    code: 'invalid',
    message: 'bo is disabled and cannot receive conversations.',
  })
  expect(store.getState().selectedIds).toEqual({ a: true })
  const request = bridge.calls.find((call) => call.channel === 'conversations:bulk-assign')?.request
  expect(request).not.toHaveProperty('note')
})

test('the receiving agent is told who handed over what, with the note; old history stays quiet', async () => {
  const bridge = createFakeBridge({
    'inbox:list': () => [itemOf('a', NOW, 1, { assignee: 'mei' }), itemOf('b', NOW, 1, { assignee: 'mei' })],
    'users:list': () => [userOf('sue', 'supervisor')],
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  const now = Date.now()
  bridge.push('messages:changed', [
    messageOf({
      id: 'old',
      conversationId: 'a',
      direction: 'internal',
      senderUsername: 'sue',
      createdAt: now - 3_600_000,
      body: { type: 'note', text: 'old news', isHandover: true },
    }),
  ])
  expect(store.getState().notice).toBeNull()
  bridge.push('messages:changed', [
    messageOf({
      id: 'x1',
      conversationId: 'a',
      direction: 'internal',
      senderUsername: 'sue',
      createdAt: now,
      body: { type: 'activity', action: 'assigned', detail: 'mei' },
    }),
    messageOf({
      id: 'x2',
      conversationId: 'a',
      direction: 'internal',
      senderUsername: 'sue',
      createdAt: now,
      body: { type: 'note', text: 'Call back after 3 pm.', isHandover: true },
    }),
    messageOf({
      id: 'x3',
      conversationId: 'b',
      direction: 'internal',
      senderUsername: 'sue',
      createdAt: now,
      body: { type: 'activity', action: 'assigned', detail: 'mei' },
    }),
  ])
  expect(store.getState().notice).toEqual({
    kind: 'info',
    key: 'team.handedToYou',
    values: { name: 'SUE', count: 2, note: 'Call back after 3 pm.' },
  })
})

test('the board loads on opening its screen and follows pushes; a refusal is shown as the relay said it', async () => {
  const board: Board = {
    at: NOW,
    agents: [{ username: 'bo', displayName: 'Bo', teamId: null, status: 'online', openCount: 2, cap: 5 }],
    queue: [{ conversationId: 'a', waitingSince: NOW - 60_000, waitingMs: 60_000 }],
    expiring: [],
    tagCounts: {},
  }
  const bridge = createFakeBridge({
    'session:get': () => supervisor,
    'board:get': () => ({ ok: true, value: board }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  store.getState().setScreen('board')
  await expect.poll(() => store.getState().board?.agents[0]?.openCount).toBe(2)
  bridge.push('board:changed', { ...board, at: NOW + 1, agents: [{ ...board.agents[0]!, openCount: 3 }] })
  expect(store.getState().board?.agents[0]?.openCount).toBe(3)

  const refusing = createFakeBridge()
  const agentStore = createAppStore(refusing)
  await bindBridgeEvents(agentStore, refusing)
  await agentStore.getState().loadBoard()
  expect(agentStore.getState().boardError).toBe('Only supervisors see the board.')
})

test('admin commands merge what the relay answered and report refusals plainly', async () => {
  const team: Team = {
    id: 't1',
    name: 'Refunds',
    isSharingConversations: false,
    isAutoAssigning: false,
    agentCap: null,
    accountKeys: [],
    windowRescue: null,
    autoResolveAfterHours: null,
    businessHours: null,
    sla: null,
    satisfaction: null,
  }
  const bridge = createFakeBridge({
    'session:get': () => ({ relayUrl: 'http://127.0.0.1:1', user: userOf('root', 'admin') }),
    'teams:list': () => ({ ok: true, value: [team] }),
    'teams:update': (request) => ({ ok: true, value: { ...team, ...request, id: team.id } as Team }),
    'users:create': (request) => ({ ok: true, value: { ...userOf(request.username), role: request.role } }),
    'users:update': () => ({ ok: false, code: 'forbidden', message: 'Only admins change users.' }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().teams.length).toBe(1)
  expect(await store.getState().updateTeam({ id: 't1', isAutoAssigning: true, agentCap: 4 })).toEqual({
    ok: true,
  })
  expect(store.getState().teams[0]).toMatchObject({ isAutoAssigning: true, agentCap: 4 })
  bridge.push('teams:changed', [{ ...team, id: 't0', name: 'Billing' }])
  expect(store.getState().teams.map((each) => each.name)).toEqual(['Billing', 'Refunds'])
  expect(
    await store.getState().createUser({ username: 'lin', password: 'lin-password', role: 'supervisor' }),
  ).toEqual({
    ok: true,
  })
  expect(store.getState().usersByName['lin']?.role).toBe('supervisor')
  expect(await store.getState().updateUser({ username: 'lin', isDisabled: true })).toEqual({
    ok: false,
    code: 'forbidden',
    message: 'Only admins change users.',
  })
  expect(store.getState().usersByName['lin']?.isDisabled).toBe(false)
})
