import { expect, test } from '@playwright/test'
import type { Conversation, Tag } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { AgentPresence, Board, ConversationViewers } from '../../../common/domain/team.js'
import type { CannedResponse } from '../../../common/domain/user.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  eventMatching,
  followerWrites,
  nextOf,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'
import { storedRows } from '../../support/store-rows.js'

let context: SharedStateRelay

test.afterEach(async () => {
  await context.close()
})

test('presence: heartbeats set online or away, silence past the timeout turns offline, everyone sees it', async () => {
  let clock = Date.now()
  context = await startSharedStateRelay({ now: () => clock, presence: { timeoutMs: 60_000 } })
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const sue = await connectDesktop(relay, sueToken)
  const online = nextOf<AgentPresence>(
    sue,
    'presence:changed',
    (p) => p.username === 'ann' && p.status === 'online',
  )
  const ann = await connectDesktop(relay, annToken)
  await online

  const away = nextOf<AgentPresence>(
    sue,
    'presence:changed',
    (p) => p.username === 'ann' && p.status === 'away',
  )
  expect(await emitCommand(ann, 'presence:set', { status: 'away' })).toMatchObject({
    ok: true,
    value: { status: 'away' },
  })
  await away

  // 59 s of silence is still within the timeout; at 61 s the relay gives up on Ann.
  clock += 59_000
  relay.presence.sweep()
  expect(relay.presence.statusOf('ann')).toBe('away')
  const offline = nextOf<AgentPresence>(
    sue,
    'presence:changed',
    (p) => p.username === 'ann' && p.status === 'offline',
  )
  clock += 2_000
  relay.presence.sweep()
  expect((await offline).since).toBe(clock)
  const presences = await call<AgentPresence[]>(relay, sueToken, 'GET', '/api/presence')
  expect(presences.body.find((p) => p.username === 'ann')?.status).toBe('offline')

  const back = nextOf<AgentPresence>(
    sue,
    'presence:changed',
    (p) => p.username === 'ann' && p.status === 'online',
  )
  await emitCommand(ann, 'presence:set', { status: 'online' })
  await back
  const gone = nextOf<AgentPresence>(
    sue,
    'presence:changed',
    (p) => p.username === 'ann' && p.status === 'offline',
  )
  ann.close()
  await gone
  sue.close()
})

test('an agent viewing an unassigned conversation shows others a soft viewing mark', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const [ann, bob] = await Promise.all(
    ['ann', 'bob'].map(async (name) => connectDesktop(relay, await createUser(context, name, 'agent'))),
  )
  await followerWrites(relay, 'o_view')
  const seen = nextOf<ConversationViewers>(bob!, 'viewing:changed', (v) => v.usernames.includes('ann'))
  expect(
    await emitCommand(ann!, 'conversation:view', { conversationId: 'o_view', isViewing: true }),
  ).toMatchObject({
    ok: true,
    value: { usernames: ['ann'] },
  })
  expect((await seen).conversationId).toBe('o_view')
  const cleared = nextOf<ConversationViewers>(bob!, 'viewing:changed', (v) => v.usernames.length === 0)
  ann!.close()
  await cleared
  bob!.close()
})

test("the board's numbers match the relay's data and update live", async () => {
  context = await startSharedStateRelay({ boardThrottleMs: 20 })
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  await createUser(context, 'bob', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const ann = await connectDesktop(relay, annToken)
  const sue = await connectDesktop(relay, sueToken)
  const vip = (await call<Tag>(relay, sueToken, 'POST', '/api/tags', { name: 'VIP', color: '#2F9E44' })).body
  // Six conversations: two Ann's (one long ago, its window closing within the hour), one resolved, three queued.
  const secondsAgo = [47.5 * 3600, 10, 10, 3600, 600, 60]
  for (const [index, ago] of secondsAgo.entries()) await followerWrites(relay, `o_board_${index}`, 'hi', ago)
  for (const id of ['o_board_0', 'o_board_1', 'o_board_2']) {
    const c = (await relay.store.conversations.get(id))!
    await call(relay, annToken, 'PUT', `/api/conversations/${id}/assignee`, {
      assignee: 'ann',
      version: c.version,
    })
    await call(relay, annToken, 'PUT', `/api/conversations/${id}/tags`, { tagIds: [vip.id] })
  }
  const toResolve = (await relay.store.conversations.get('o_board_2'))!
  await call(relay, annToken, 'PUT', '/api/conversations/o_board_2/status', {
    status: 'resolved',
    version: toResolve.version,
  })

  const board = (await call<Board>(relay, sueToken, 'GET', '/api/board')).body
  const open = await storedRows<{ assignee: string; n: number }>(
    relay.store,
    "SELECT assignee, count(*) AS n FROM conversations WHERE assignee IS NOT NULL AND status != 'resolved' GROUP BY assignee",
  )
  expect(board.agents.map((agent) => [agent.username, agent.openCount, agent.status])).toEqual([
    ['ann', Number(open.find((row) => row.assignee === 'ann')!.n), 'online'],
    ['bob', 0, 'offline'],
    ['sue', 0, 'online'],
  ])
  const queued = (
    await storedRows<{ id: string }>(
      relay.store,
      "SELECT id FROM conversations WHERE assignee IS NULL AND status != 'resolved' ORDER BY last_incoming_at",
    )
  ).map((row) => row.id)
  expect(board.queue.map((item) => item.conversationId)).toEqual(queued)
  expect(queued).toEqual(['o_board_3', 'o_board_4', 'o_board_5'])
  expect(board.queue[0]!.waitingMs).toBeGreaterThanOrEqual(3_599_000)
  expect(board.expiring.map((item) => [item.conversationId, item.assignee, item.messagesLeft])).toEqual([
    ['o_board_0', 'ann', 5],
  ])
  expect(board.tagCounts).toEqual({ [vip.id]: 2 })

  const watched = await emitCommand<'board:watch', Board>(sue, 'board:watch', {})
  expect(watched.ok && watched.value.queue).toHaveLength(3)
  const updated = nextOf<Board>(sue, 'board:updated', (next) => next.queue.length === 4)
  await followerWrites(relay, 'o_board_new')
  expect((await updated).queue.at(-1)!.conversationId).toBe('o_board_new')
  ann.close()
  sue.close()
})

test('canned responses: team ones for all, personal ones only for their owner, events included', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const bobToken = await createUser(context, 'bob', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const bob = await connectDesktop(relay, bobToken)
  const forbidden = await call(relay, annToken, 'POST', '/api/canned-responses', {
    shortCode: 'hi',
    body: 'x',
    isTeam: true,
  })
  expect(forbidden.status).toBe(403)
  const team = await call<CannedResponse>(relay, sueToken, 'POST', '/api/canned-responses', {
    shortCode: 'hello',
    body: '您好 {{follower.name}}',
    isTeam: true,
  })
  expect(team.status).toBe(201)
  const personal = await call<CannedResponse>(relay, annToken, 'POST', '/api/canned-responses', {
    shortCode: 'bye',
    body: 'Bye from Ann',
  })
  expect(personal.body.ownerUsername).toBe('ann')
  const duplicate = await call(relay, annToken, 'POST', '/api/canned-responses', {
    shortCode: 'bye',
    body: 'again',
  })
  expect(duplicate.status).toBe(409)

  expect(
    (await call<CannedResponse[]>(relay, annToken, 'GET', '/api/canned-responses')).body.map(
      (c) => c.shortCode,
    ),
  ).toEqual(['bye', 'hello'])
  expect(
    (await call<CannedResponse[]>(relay, bobToken, 'GET', '/api/canned-responses')).body.map(
      (c) => c.shortCode,
    ),
  ).toEqual(['hello'])
  expect((await call(relay, bobToken, 'DELETE', `/api/canned-responses/${personal.body.id}`)).status).toBe(
    404,
  )
  expect((await call(relay, annToken, 'DELETE', `/api/canned-responses/${team.body.id}`)).status).toBe(403)
  expect((await call(relay, annToken, 'DELETE', `/api/canned-responses/${personal.body.id}`)).status).toBe(
    200,
  )
  // A later team reply proves Bob's stream passed Ann's personal ones without them.
  await call(relay, sueToken, 'POST', '/api/canned-responses', {
    shortCode: 'wait',
    body: 'One moment',
    isTeam: true,
  })
  await eventMatching(
    bob,
    (event) => event.type === 'canned-response.upserted' && event.cannedResponse.shortCode === 'wait',
  )
  const cannedEvents = bob.events.filter((event) => event.type.startsWith('canned-response.'))
  expect(cannedEvents.map((event) => event.type)).toEqual([
    'canned-response.upserted',
    'canned-response.upserted',
  ])
  bob.close()
})

test('tag, status, note and follower changes reach other desktops as events with activity lines', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const ann = await connectDesktop(relay, annToken)
  const sue = await connectDesktop(relay, sueToken)
  const conversation = await followerWrites(relay, 'o_ticket')
  const tag = await call<Tag>(relay, sueToken, 'POST', '/api/tags', { name: 'Refund', color: '#e03131' })
  expect(
    (await call(relay, sueToken, 'POST', '/api/tags', { name: 'refund', color: '#e03131' })).status,
  ).toBe(409)
  await eventMatching(ann, (event) => event.type === 'tag.upserted' && event.tag.id === tag.body.id)

  const tagged = await emitCommand<'conversation:set-tags', Conversation>(ann, 'conversation:set-tags', {
    conversationId: 'o_ticket',
    tagIds: [tag.body.id],
  })
  expect(tagged.ok && tagged.value.tagIds).toEqual([tag.body.id])
  const tagLine = await eventMatching(
    sue,
    (event) =>
      event.type === 'message.created' &&
      event.message.body.type === 'activity' &&
      event.message.body.action === 'tagged',
  )
  expect(
    tagLine.type === 'message.created' && [tagLine.message.senderUsername, tagLine.message.body],
  ).toEqual(['ann', { type: 'activity', action: 'tagged', detail: 'Refund', tagIds: [tag.body.id] }])

  const version = (await relay.store.conversations.get('o_ticket'))!.version
  expect(version).toBeGreaterThan(conversation.version)
  const resolved = await emitCommand<'conversation:set-status', Conversation>(
    ann,
    'conversation:set-status',
    {
      conversationId: 'o_ticket',
      status: 'resolved',
      version,
    },
  )
  expect(resolved.ok && resolved.value.status).toBe('resolved')
  await eventMatching(
    sue,
    (event) => event.type === 'conversation.updated' && event.conversation.status === 'resolved',
  )
  const late = await call<{
    error: { code: string; details: { changedBy: string; conversation: Conversation } }
  }>(relay, sueToken, 'PUT', '/api/conversations/o_ticket/status', { status: 'pending', version })
  expect(late.status).toBe(409)
  expect(late.body.error.details.changedBy).toBe('ann')
  expect(late.body.error.details.conversation.status).toBe('resolved')

  const note = { conversationId: 'o_ticket', clientMessageId: 'note-abc-1', text: 'Called the follower' }
  const first = await emitCommand<'note:add', Message>(ann, 'note:add', note)
  const again = await call<Message>(relay, annToken, 'POST', '/api/conversations/o_ticket/notes', note)
  expect(again.status).toBe(200)
  expect(first.ok && first.value.id).toBe(again.body.id)
  expect(again.body.direction).toBe('internal')
  const seenNote = await eventMatching(
    sue,
    (event) => event.type === 'message.created' && event.message.body.type === 'note',
  )
  expect(seenNote.type === 'message.created' && seenNote.message.id).toBe(again.body.id)
  expect(
    sue.events.filter((event) => event.type === 'message.created' && event.message.body.type === 'note'),
  ).toHaveLength(1)

  const panel = await call<Conversation>(relay, sueToken, 'PATCH', '/api/conversations/o_ticket/follower', {
    remark: '王小明',
    notes: 'Prefers calls after 6pm',
  })
  expect(panel.body.remark).toBe('王小明')
  const remarkEvent = await eventMatching(
    ann,
    (event) => event.type === 'conversation.updated' && event.conversation.remark === '王小明',
  )
  expect(remarkEvent.type === 'conversation.updated' && remarkEvent.conversation.notes).toBe(
    'Prefers calls after 6pm',
  )

  const document = await fetch(`${relay.url}/api/openapi.json`).then(
    (response) => response.json() as Promise<{ paths: Record<string, Record<string, unknown>> }>,
  )
  for (const [path, method] of [
    ['/api/tags', 'post'],
    ['/api/conversations/{id}/status', 'put'],
    ['/api/conversations/{id}/follower', 'patch'],
    ['/api/canned-responses/{id}', 'delete'],
    ['/api/conversations/bulk-assign', 'post'],
    ['/api/users/{username}', 'patch'],
    ['/api/users/{username}/handover', 'post'],
    ['/api/teams', 'post'],
    ['/api/board', 'get'],
  ] as const) {
    expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined()
  }
  ann.close()
  sue.close()
})
