import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  followerWrites,
  nextOf,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay

test.afterEach(async () => {
  await context.close()
})

test('a supervisor demoted while connected has the very next reassign over the same socket refused', async () => {
  context = await startSharedStateRelay()
  const { relay, adminToken } = context
  const sueToken = await createUser(context, 'sue', 'supervisor')
  await createUser(context, 'bob', 'agent')
  const sue = await connectDesktop(relay, sueToken)
  const first = await followerWrites(relay, 'o_first')
  const second = await followerWrites(relay, 'o_second')

  const assigned = await emitCommand<'conversation:assign', Conversation>(sue, 'conversation:assign', {
    conversationId: 'o_first',
    assignee: 'bob',
    version: first.version,
  })
  expect(assigned.ok).toBe(true)

  const demoted = await call(relay, adminToken, 'PATCH', '/api/users/sue', { role: 'agent' })
  expect(demoted.status).toBe(200)
  expect(sue.socket.connected).toBe(true)
  const refusals = await Promise.all([
    emitCommand(sue, 'conversation:assign', {
      conversationId: 'o_second',
      assignee: 'bob',
      version: second.version,
    }),
    emitCommand(sue, 'conversations:bulk-assign', {
      conversations: [{ conversationId: 'o_second', version: second.version }],
      assignee: 'bob',
    }),
    emitCommand(sue, 'board:watch', {}),
  ])
  expect(refusals.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
    'forbidden',
    'forbidden',
    'forbidden',
  ])
  expect(await relay.store.conversations.get('o_second')).toEqual(second)
  // The same socket, still open: what an agent may do still works.
  const claimed = await emitCommand(sue, 'conversation:assign', {
    conversationId: 'o_second',
    assignee: 'sue',
    version: second.version,
  })
  expect(claimed.ok).toBe(true)
  sue.close()
})

test('a session that expired while its socket stayed open can no longer command', async () => {
  let now = Date.now()
  context = await startSharedStateRelay({ now: () => now })
  const { relay } = context
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const sue = await connectDesktop(relay, sueToken)
  const conversation = await followerWrites(relay, 'o_late')
  now += 31 * 24 * 60 * 60 * 1000
  const results = await Promise.all([
    emitCommand(sue, 'conversation:assign', {
      conversationId: 'o_late',
      assignee: 'sue',
      version: conversation.version,
    }),
    emitCommand(sue, 'conversation:set-status', {
      conversationId: 'o_late',
      status: 'resolved',
      version: conversation.version,
    }),
    emitCommand(sue, 'typing:send', { conversationId: 'o_late', isTyping: true }),
  ])
  expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
    'unauthorized',
    'unauthorized',
    'unauthorized',
  ])
  expect(await relay.store.conversations.get('o_late')).toEqual(conversation)
  sue.close()
})

test('disabling a user, or giving them a new password, closes every one of their sockets', async () => {
  context = await startSharedStateRelay()
  const { relay, adminToken } = context
  for (const [username, change, reason] of [
    ['ann', { isDisabled: true }, 'disabled'],
    ['bob', { password: 'a brand new password' }, 'password_reset'],
  ] as const) {
    const token = await createUser(context, username, 'agent')
    const desktops = await Promise.all([connectDesktop(relay, token), connectDesktop(relay, token)])
    const ended = desktops.map((desktop) =>
      Promise.all([
        nextOf<{ reason: string }>(desktop, 'session:revoked'),
        new Promise<void>((resolve) => desktop.socket.once('disconnect', () => resolve())),
      ]),
    )
    expect((await call(relay, adminToken, 'PATCH', `/api/users/${username}`, change)).status).toBe(200)
    for (const [revoked] of await Promise.all(ended)) expect(revoked.reason).toBe(reason)
    expect(desktops.every((desktop) => desktop.socket.disconnected)).toBe(true)
    expect((await call(relay, token, 'GET', '/api/tags')).status).toBe(401)
  }
})
