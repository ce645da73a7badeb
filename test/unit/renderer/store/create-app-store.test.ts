import { expect, test } from '@playwright/test'
import type { InboxItem } from '../../../../common/ipc/channels.js'
import { bindBridgeEvents } from '../../../../renderer/src/store/bind-bridge-events.js'
import { createAppStore } from '../../../../renderer/src/store/create-app-store.js'
import { createFakeBridge, itemOf, messageOf } from '../fake-bridge.js'

const NOW = Date.UTC(2026, 0, 1)

test('a push that lands while the snapshot loads is not rolled back by the older snapshot', async () => {
  let answerInbox: (items: readonly InboxItem[]) => void = () => undefined
  const bridge = createFakeBridge({ 'inbox:list': () => new Promise((resolve) => (answerInbox = resolve)) })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  expect(bridge.listenerCount('inbox:changed')).toBe(1)
  const fresh = itemOf('a', NOW, 1, { version: 3, remark: 'new' })
  bridge.push('inbox:changed', [fresh])
  answerInbox([itemOf('a', NOW, 5, { version: 2, remark: 'old' }), itemOf('b', NOW, 2)])
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  expect(store.getState().inboxById['a']?.conversation.remark).toBe('new')
  expect(Object.keys(store.getState().inboxById).sort()).toEqual(['a', 'b'])
})

test('a sent message replaces its pending echo by clientMessageId, not shown twice', async () => {
  const bridge = createFakeBridge({
    'messages:send': (request) => ({
      ok: true,
      value: messageOf({
        id: 'outbox-1',
        conversationId: request.conversationId,
        direction: 'outgoing',
        status: 'pending',
        clientMessageId: request.clientMessageId,
        createdAt: NOW,
      }),
    }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  const result = await store.getState().sendText('a', 'Hi there')
  expect(result).toEqual({ ok: true })
  const send = bridge.calls.find((call) => call.channel === 'messages:send')
  expect(send?.request).toMatchObject({ conversationId: 'a', body: { type: 'text', text: 'Hi there' } })
  const clientMessageId = (send?.request as { clientMessageId: string }).clientMessageId
  expect(store.getState().threads['a']?.ids).toEqual(['outbox-1'])
  bridge.push('messages:changed', [
    messageOf({
      id: 'relay-9',
      conversationId: 'a',
      direction: 'outgoing',
      status: 'sent',
      clientMessageId,
      createdAt: NOW,
    }),
  ])
  expect(store.getState().threads['a']?.ids).toEqual(['relay-9'])
  expect(store.getState().messagesById['relay-9']?.status).toBe('sent')
  expect(store.getState().messagesById['outbox-1']).toBeUndefined()
})

test('losing a claim says who won and shows their ownership', async () => {
  const bridge = createFakeBridge({
    'inbox:list': () => [itemOf('a', NOW, 1)],
    'users:list': () => [
      {
        username: 'bo',
        displayName: 'Bo Li',
        role: 'agent',
        isDisabled: false,
        kfAccount: null,
        teamId: null,
      },
    ],
    'conversations:assign': (request) => ({
      ok: false,
      code: 'conflict',
      message: 'stale version',
      current: { ...itemOf(request.conversationId, NOW, 1).conversation, assignee: 'bo', version: 2 },
    }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  const result = await store.getState().claim('a')
  expect(result).toMatchObject({ ok: false, code: 'conflict' })
  expect(store.getState().inboxById['a']?.conversation.assignee).toBe('bo')
  expect(store.getState().notice).toEqual({
    kind: 'error',
    key: 'notice.claimLost',
    values: { name: 'Bo Li' },
  })
  expect(bridge.calls.find((call) => call.channel === 'conversations:assign')?.request).toEqual({
    conversationId: 'a',
    assignee: 'mei',
    version: 1,
  })
})

test('opening a conversation loads history, its draft, and marks it read; older pages prepend', async () => {
  const page = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) =>
      messageOf({
        id: `m${String(from + index).padStart(3, '0')}`,
        conversationId: 'a',
        createdAt: NOW + (from + index) * 1000,
      }),
    )
  const bridge = createFakeBridge({
    'inbox:list': () => [{ ...itemOf('a', NOW, 1), unreadCount: 3 }],
    'drafts:get': () => 'half-written',
    'messages:list': (request) =>
      request.before === undefined ? page(50, 50).reverse() : page(30, 20).reverse(),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  await expect.poll(() => store.getState().isInboxLoaded).toBe(true)
  await store.getState().openConversation('a')
  expect(store.getState().drafts['a']).toBe('half-written')
  expect(store.getState().inboxById['a']?.unreadCount).toBe(0)
  expect(bridge.calls.some((call) => call.channel === 'conversations:mark-read')).toBe(true)
  expect(store.getState().threads['a']?.ids[0]).toBe('m050')
  expect(store.getState().threads['a']?.hasOlder).toBe(true)
  await store.getState().loadOlderMessages('a')
  const thread = store.getState().threads['a']
  expect(thread?.ids.length).toBe(70)
  expect(thread?.ids[0]).toBe('m030')
  expect(thread?.hasOlder).toBe(false)
  expect(bridge.calls.filter((call) => call.channel === 'messages:list').at(-1)?.request).toMatchObject({
    before: 'm050',
  })
})

test('drafts are saved once after typing settles; typing is sent at most once per interval', async () => {
  const bridge = createFakeBridge()
  const store = createAppStore(bridge)
  store.getState().setDraft('a', 'h')
  store.getState().setDraft('a', 'he')
  store.getState().setDraft('a', 'hello')
  await store.getState().flushDrafts()
  const saves = bridge.calls.filter((call) => call.channel === 'drafts:set')
  expect(saves).toEqual([{ channel: 'drafts:set', request: { conversationId: 'a', text: 'hello' } }])
  store.getState().sendTyping('a')
  store.getState().sendTyping('a')
  store.getState().sendTyping('b')
  expect(bridge.calls.filter((call) => call.channel === 'typing:send').map((call) => call.request)).toEqual([
    { conversationId: 'a', isTyping: true },
    { conversationId: 'b', isTyping: true },
  ])
})

test('signing out clears the workspace; signing in loads it', async () => {
  let signedIn = false
  const bridge = createFakeBridge({
    'session:get': () => ({ relayUrl: null, user: null }),
    'session:sign-in': () => {
      signedIn = true
      return {
        ok: true,
        value: {
          relayUrl: 'http://127.0.0.1:1',
          user: {
            username: 'mei',
            displayName: 'Mei',
            role: 'agent',
            isDisabled: false,
            kfAccount: null,
            teamId: null,
          },
        },
      }
    },
    'inbox:list': () => (signedIn ? [itemOf('a', NOW, 1)] : []),
    'session:sign-out': () => ({ relayUrl: 'http://127.0.0.1:1', user: null }),
  })
  const store = createAppStore(bridge)
  await bindBridgeEvents(store, bridge)
  expect(store.getState().isSessionKnown).toBe(true)
  expect(bridge.calls.some((call) => call.channel === 'inbox:list')).toBe(false)
  await store.getState().signIn({ relayUrl: 'http://127.0.0.1:1', username: 'mei', password: 'x' })
  await expect.poll(() => Object.keys(store.getState().inboxById)).toEqual(['a'])
  await store.getState().signOut(false)
  expect(store.getState().inboxById).toEqual({})
})
