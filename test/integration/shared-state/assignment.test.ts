import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Team } from '../../../common/domain/team.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  eventMatching,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay

test.afterEach(async () => {
  await context.close()
})

test('bulk reassignment moves all with a handover note, or nothing when one changed meanwhile', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const annToken = await createUser(context, 'ann', 'agent')
  const ann = await connectDesktop(relay, annToken)
  const sue = await connectDesktop(relay, sueToken)
  const conversations: Conversation[] = []
  for (let index = 0; index < 5; index += 1)
    conversations.push(await followerWrites(relay, `o_bulk_${index}`))

  // One conversation moves on before the bulk command lands: nothing at all may change.
  const raced = await followerWrites(relay, 'o_bulk_4', 'one more thing')
  const headBefore = await relay.store.events.head()
  const stale = await call<{
    error: { code: string; details: { conflicts: { conversation: Conversation }[] } }
  }>(relay, sueToken, 'POST', '/api/conversations/bulk-assign', {
    conversations: conversations.map((c) => ({ conversationId: c.id, version: c.version })),
    assignee: 'ann',
  })
  expect(stale.status).toBe(409)
  expect(stale.body.error.details.conflicts.map((conflict) => conflict.conversation.version)).toEqual([
    raced.version,
  ])
  expect(await relay.store.events.head()).toBe(headBefore)

  const fresh: Conversation[] = []
  for (const c of conversations) fresh.push((await relay.store.conversations.get(c.id))!)
  const result = await emitCommand<'conversations:bulk-assign', Conversation[]>(
    sue,
    'conversations:bulk-assign',
    {
      conversations: fresh.map((c) => ({ conversationId: c.id, version: c.version })),
      assignee: 'ann',
      note: 'Refund cases, please call back before 6pm',
    },
  )
  expect(result.ok).toBe(true)
  for (const conversation of fresh) {
    expect((await relay.store.conversations.get(conversation.id))!.assignee).toBe('ann')
    const note = await eventMatching(
      ann,
      (event) =>
        event.type === 'message.created' &&
        event.message.conversationId === conversation.id &&
        event.message.body.type === 'note',
    )
    expect(note.type === 'message.created' && note.message.body).toEqual({
      type: 'note',
      text: 'Refund cases, please call back before 6pm',
      isHandover: true,
    })
    const activity = await eventMatching(
      ann,
      (event) =>
        event.type === 'message.created' &&
        event.message.conversationId === conversation.id &&
        event.message.body.type === 'activity',
    )
    expect(activity.type === 'message.created' && activity.message.senderUsername).toBe('sue')
  }
  ann.close()
  sue.close()
})

test('shift-end handover lists open conversations by window expiry and moves them in one step', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  await createUser(context, 'bob', 'agent')
  for (const [openId, secondsAgo] of [
    ['o_h_1', 3 * 3600],
    ['o_h_2', 2 * 3600],
    ['o_h_3', 3600],
  ] as const) {
    const conversation = await followerWrites(relay, openId, 'hello', secondsAgo)
    const claimed = await call(relay, annToken, 'PUT', `/api/conversations/${openId}/assignee`, {
      assignee: 'ann',
      version: conversation.version,
    })
    expect(claimed.status).toBe(200)
  }
  // o_h_1 hears from its follower again: its window now closes last.
  await followerWrites(relay, 'o_h_1', 'still there?')
  const listed = await call<Conversation[]>(relay, annToken, 'GET', '/api/users/ann/open-conversations')
  expect(listed.body.map((conversation) => conversation.id)).toEqual(['o_h_2', 'o_h_3', 'o_h_1'])

  const toBob = await call<{ error: { code: string } }>(relay, annToken, 'POST', '/api/users/ann/handover', {
    assignee: 'bob',
  })
  expect(toBob.status).toBe(403)
  const partial = await call<Conversation[]>(relay, sueToken, 'POST', '/api/users/ann/handover', {
    assignee: 'bob',
    conversationIds: ['o_h_2'],
    note: 'ann left early',
  })
  expect(partial.body.map((c) => c.assignee)).toEqual(['bob'])
  const toQueue = await call<Conversation[]>(relay, annToken, 'POST', '/api/users/ann/handover', {
    assignee: null,
  })
  expect(toQueue.status).toBe(200)
  expect(toQueue.body.map((c) => [c.id, c.assignee])).toEqual([
    ['o_h_3', null],
    ['o_h_1', null],
  ])
  expect(
    (await call<Conversation[]>(relay, annToken, 'GET', '/api/users/ann/open-conversations')).body,
  ).toEqual([])
})

test('auto-assignment balances new conversations over online agents under the cap; the rest wait in the queue', async () => {
  context = await startSharedStateRelay()
  const { relay, adminToken } = context
  const team = await call<Team>(relay, adminToken, 'POST', '/api/teams', {
    name: 'Front',
    isAutoAssigning: true,
    agentCap: 4,
  })
  const names = ['ann', 'bob', 'cat']
  const tokens = await Promise.all(names.map((name) => createUser(context, name, 'agent', team.body.id)))
  await createUser(context, 'dan', 'agent', team.body.id)
  const desktops = await Promise.all(tokens.map((token) => connectDesktop(relay, token)))
  expect(relay.presence.statusOf('dan')).toBe('offline')

  // 15 followers at once: 12 fit under the cap of 4 each, 3 wait.
  await Promise.all(Array.from({ length: 15 }, (_, index) => followerWrites(relay, `o_auto_${index}`)))
  await relay.autoAssign.settle()
  const counts = await relay.store.board.openCounts()
  expect(names.map((name) => counts.get(name) ?? 0)).toEqual([4, 4, 4])
  expect(counts.get('dan')).toBeUndefined()
  expect(await relay.store.board.queue()).toHaveLength(3)

  // Ann resolves one: the longest-waiting queued conversation goes to her.
  const oldest = (await relay.store.board.queue())[0]!.id
  const mine = (await relay.store.board.openOf('ann'))[0]!
  const current = (await relay.store.conversations.get(mine.id))!
  const resolved = await call(relay, tokens[0]!, 'PUT', `/api/conversations/${mine.id}/status`, {
    status: 'resolved',
    version: current.version,
  })
  expect(resolved.status).toBe(200)
  await eventMatching(
    desktops[0]!,
    (event) =>
      event.type === 'conversation.updated' &&
      event.conversation.id === oldest &&
      event.conversation.assignee === 'ann',
  )
  expect(await relay.store.board.queue()).toHaveLength(2)
  for (const desktop of desktops) desktop.close()
})
