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
  nextOf,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay

test.afterEach(async () => {
  await context.close()
})

test("an agent's forbidden commands answer `forbidden` over REST and socket alike, and change nothing", async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const bobToken = await createUser(context, 'bob', 'agent')
  await createUser(context, 'sue', 'supervisor')
  const ann = await connectDesktop(relay, annToken)
  const bobs = await followerWrites(relay, 'o_bobs')
  const claimed = await call<Conversation>(relay, bobToken, 'PUT', '/api/conversations/o_bobs/assignee', {
    assignee: 'bob',
    version: bobs.version,
  })
  expect(claimed.status).toBe(200)
  const held = claimed.body
  const queued = await followerWrites(relay, 'o_queued')
  const before = await relay.store.events.head()

  const rest: [string, string, unknown][] = [
    ['POST', '/api/tags', { name: 'VIP', color: '#2f9e44' }],
    ['PUT', '/api/conversations/o_queued/assignee', { assignee: 'bob', version: queued.version }],
    ['PUT', '/api/conversations/o_bobs/assignee', { assignee: 'ann', version: held.version }],
    ['PUT', '/api/conversations/o_bobs/assignee', { assignee: null, version: held.version }],
    ['PUT', '/api/conversations/o_bobs/status', { status: 'resolved', version: held.version }],
    ['PUT', '/api/conversations/o_bobs/tags', { tagIds: [] }],
    ['POST', '/api/conversations/o_bobs/notes', { clientMessageId: 'note-0001', text: 'peek' }],
    ['PATCH', '/api/conversations/o_bobs/follower', { remark: 'mine now' }],
    ['GET', '/api/conversations/o_bobs/messages', undefined],
    [
      'POST',
      '/api/conversations/bulk-assign',
      { conversations: [{ conversationId: 'o_queued', version: queued.version }], assignee: 'bob' },
    ],
    ['POST', '/api/canned-responses', { shortCode: 'hi', body: 'Hello', isTeam: true }],
    ['GET', '/api/board', undefined],
    ['PATCH', '/api/users/bob', { isDisabled: true }],
    ['POST', '/api/teams', { name: 'Night' }],
    ['POST', '/api/users/bob/handover', { assignee: null }],
    ['GET', '/api/users/bob/open-conversations', undefined],
  ]
  for (const [method, path, body] of rest) {
    const answer = await call<{ error: { code: string } }>(relay, annToken, method, path, body)
    expect({ method, path, status: answer.status, code: answer.body?.error?.code }).toEqual({
      method,
      path,
      status: 403,
      code: 'forbidden',
    })
  }

  const socketCommands = [
    emitCommand(ann, 'conversation:assign', {
      conversationId: 'o_queued',
      assignee: 'bob',
      version: queued.version,
    }),
    emitCommand(ann, 'conversation:assign', {
      conversationId: 'o_bobs',
      assignee: 'ann',
      version: held.version,
    }),
    emitCommand(ann, 'conversation:set-status', {
      conversationId: 'o_bobs',
      status: 'resolved',
      version: held.version,
    }),
    emitCommand(ann, 'conversation:set-tags', { conversationId: 'o_bobs', tagIds: [] }),
    emitCommand(ann, 'note:add', { conversationId: 'o_bobs', clientMessageId: 'note-0002', text: 'peek' }),
    emitCommand(ann, 'conversation:update-follower', { conversationId: 'o_bobs', remark: 'mine' }),
    emitCommand(ann, 'conversations:bulk-assign', {
      conversations: [{ conversationId: 'o_queued', version: queued.version }],
      assignee: 'bob',
    }),
    emitCommand(ann, 'conversation:view', { conversationId: 'o_bobs', isViewing: true }),
    emitCommand(ann, 'board:watch', {}),
    emitCommand(ann, 'message:send', {
      conversationId: 'o_bobs',
      clientMessageId: 'send-0001',
      body: { type: 'text', text: 'hi' },
    }),
  ]
  for (const result of await Promise.all(socketCommands)) {
    expect(result.ok ? 'ok' : result.error.code).toBe('forbidden')
  }
  // Nothing was written: the log did not move and both conversations are as they were.
  expect(await relay.store.events.head()).toBe(before)
  expect(await relay.store.conversations.get('o_bobs')).toEqual(held)
  expect(await relay.store.conversations.get('o_queued')).toEqual(queued)
  ann.close()
})

test('agents receive only conversations they may see; a reassignment tells the previous holder', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const bobToken = await createUser(context, 'bob', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const [ann, bob, sue] = await Promise.all([
    connectDesktop(relay, annToken),
    connectDesktop(relay, bobToken),
    connectDesktop(relay, sueToken),
  ])

  const first = await followerWrites(relay, 'o_private')
  await eventMatching(
    ann,
    (event) => event.type === 'message.created' && event.conversation.id === 'o_private',
  )
  const moved = await call<Conversation>(relay, sueToken, 'PUT', '/api/conversations/o_private/assignee', {
    assignee: 'bob',
    version: first.version,
  })
  expect(moved.status).toBe(200)
  // Ann saw it while it was unassigned, so she hears that it left the queue, with whom it went.
  const left = await eventMatching(
    ann,
    (event) => event.type === 'conversation.updated' && event.conversation.assignee === 'bob',
  )
  expect(left.type === 'conversation.updated' && left.previousAssignee).toBeNull()

  const secret = await followerWrites(relay, 'o_private', 'only for bob')
  await eventMatching(
    bob,
    (event) => event.type === 'message.created' && event.conversation.version === secret.version,
  )
  await eventMatching(
    sue,
    (event) => event.type === 'message.created' && event.conversation.version === secret.version,
  )
  // A later public event proves Ann's stream moved past the private one without it.
  const marker = await followerWrites(relay, 'o_public')
  await eventMatching(ann, (event) => event.type === 'message.created' && event.conversation.id === marker.id)
  expect(
    ann.events.filter(
      (event) =>
        event.type === 'message.created' &&
        event.conversation.version >= secret.version &&
        event.conversation.id === 'o_private',
    ),
  ).toHaveLength(0)
  const listed = await call<{ conversations: Conversation[] }>(relay, annToken, 'GET', '/api/conversations')
  expect(listed.body.conversations.map((conversation) => conversation.id)).toEqual(['o_public'])

  // A replay from zero is filtered the same way.
  const replayed = await connectDesktop(relay, annToken)
  expect(
    replayed.events.some(
      (event) =>
        event.type === 'message.created' &&
        event.conversation.id === 'o_private' &&
        event.conversation.assignee === 'bob',
    ),
  ).toBe(false)
  for (const desktop of [ann, bob, sue, replayed]) desktop.close()
})

test("a team that shares lets agents work teammates' conversations; receivers must be active and in the team", async () => {
  context = await startSharedStateRelay()
  const { relay, adminToken } = context
  const team = await call<Team>(relay, adminToken, 'POST', '/api/teams', {
    name: 'Day',
    isSharingConversations: true,
  })
  const other = await call<Team>(relay, adminToken, 'POST', '/api/teams', { name: 'Night' })
  expect(team.status).toBe(201)
  const annToken = await createUser(context, 'ann', 'agent', team.body.id)
  await createUser(context, 'bob', 'agent', team.body.id)
  await createUser(context, 'nia', 'agent', other.body.id)
  await createUser(context, 'gone', 'agent', team.body.id)
  const sueToken = await createUser(context, 'sue', 'supervisor', team.body.id)
  expect((await call(relay, adminToken, 'PATCH', '/api/users/gone', { isDisabled: true })).status).toBe(200)

  const conversation = await followerWrites(relay, 'o_team')
  for (const [assignee, message] of [
    ['gone', 'gone is disabled'],
    ['nia', 'nia is not in your team'],
    ['nobody', 'No user nobody'],
  ] as const) {
    const answer = await call<{ error: { code: string; message: string } }>(
      relay,
      sueToken,
      'PUT',
      '/api/conversations/o_team/assignee',
      { assignee, version: conversation.version },
    )
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('invalid')
    expect(answer.body.error.message).toContain(message)
  }
  expect(await relay.store.conversations.get('o_team')).toEqual(conversation)

  const moved = await call<Conversation>(relay, sueToken, 'PUT', '/api/conversations/o_team/assignee', {
    assignee: 'bob',
    version: conversation.version,
  })
  expect(moved.status).toBe(200)
  const note = await call(relay, annToken, 'POST', '/api/conversations/o_team/notes', {
    clientMessageId: 'team-note-1',
    text: 'covering for bob',
  })
  expect(note.status).toBe(201)
  await call(relay, adminToken, 'PATCH', `/api/teams/${team.body.id}`, { isSharingConversations: false })
  const refused = await call(relay, annToken, 'POST', '/api/conversations/o_team/notes', {
    clientMessageId: 'team-note-2',
    text: 'again',
  })
  expect(refused.status).toBe(403)
})

test('disabling a user ends their sessions and sockets at once', async () => {
  context = await startSharedStateRelay()
  const { relay, adminToken } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const ann = await connectDesktop(relay, annToken)
  const revoked = nextOf<{ reason: string }>(ann, 'session:revoked')
  const disconnected = new Promise<void>((resolve) => ann.socket.once('disconnect', () => resolve()))
  const patched = await call(relay, adminToken, 'PATCH', '/api/users/ann', { isDisabled: true })
  expect(patched.status).toBe(200)
  expect((await revoked).reason).toBe('disabled')
  await disconnected
  const answer = await call<{ error: { code: string } }>(relay, annToken, 'GET', '/api/tags')
  expect(answer.status).toBe(401)
  const lastAdmin = await call<{ error: { code: string } }>(relay, adminToken, 'PATCH', '/api/users/admin', {
    role: 'agent',
  })
  expect(lastAdmin.body.error.code).toBe('invalid')
})
