import { expect, test } from '@playwright/test'
import type { AgentPresence, ConversationViewers, Team } from '../../../common/domain/team.js'
import { signIn } from '../relay/relay-fixture.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  followerWrites,
  nextOf,
} from '../shared-state/shared-state-fixture.js'
import { twoRelaysForEachTest } from './two-relay-fixture.js'

const relaysOfThisTest = twoRelaysForEachTest()

test('a desktop on one relay is online, viewing and gone for desktops on the other', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const adminToken = await signIn(a.url)
  const annToken = await createUser({ relay: a, adminToken, close: async () => {} }, 'ann', 'agent')
  const queued = await followerWrites(a, 'oClusterPresence0000000001')
  const onB = await connectDesktop(b, adminToken)

  const annOnline = nextOf<AgentPresence>(onB, 'presence:changed', (p) => p.username === 'ann')
  const ann = await connectDesktop(a, annToken)
  expect((await annOnline).status).toBe('online')
  await expect.poll(() => b.presence.statusOf('ann')).toBe('online')

  const viewing = nextOf<ConversationViewers>(onB, 'viewing:changed', (v) => v.usernames.includes('ann'))
  expect(
    await emitCommand(ann, 'conversation:view', { conversationId: queued.id, isViewing: true }),
  ).toMatchObject({ ok: true })
  expect(await viewing).toEqual({ conversationId: queued.id, usernames: ['ann'] })

  const away = nextOf<AgentPresence>(onB, 'presence:changed', (p) => p.username === 'ann')
  expect(await emitCommand(ann, 'presence:set', { status: 'away' })).toMatchObject({ ok: true })
  expect((await away).status).toBe('away')

  // A desktop connecting to the other relay later hears the marks and presence set before it came.
  const late = await connectDesktop(b, adminToken)
  await expect.poll(() => b.presence.viewersOf(queued.id).usernames).toEqual(['ann'])
  void late

  const gone = nextOf<AgentPresence>(onB, 'presence:changed', (p) => p.username === 'ann')
  const unmarked = nextOf<ConversationViewers>(onB, 'viewing:changed', (v) => v.conversationId === queued.id)
  ann.close()
  expect((await gone).status).toBe('offline')
  expect((await unmarked).usernames).toEqual([])
  onB.close()
  late.close()
})

test('a relay that starts after desktops connected elsewhere learns who is online', async () => {
  const [a] = relaysOfThisTest.pair()
  const adminToken = await signIn(a.url)
  const annToken = await createUser({ relay: a, adminToken, close: async () => {} }, 'ann', 'agent')
  const ann = await connectDesktop(a, annToken)
  // A relay started now knows nothing of Ann's desktop until it asks the others.
  const late = await relaysOfThisTest.startAnother()
  await expect.poll(() => late.presence.statusOf('ann')).toBe('online')
  ann.close()
})

test('auto-assignment on two relays gives each waiting conversation once, to agents online on either', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const adminToken = await signIn(a.url)
  const context = { relay: a, adminToken, close: async () => {} }
  const team = await call<Team>(a, adminToken, 'POST', '/api/teams', {
    name: 'Front',
    isAutoAssigning: true,
    agentCap: 3,
  })
  const names = ['ann', 'bob']
  const tokens = await Promise.all(names.map((name) => createUser(context, name, 'agent', team.body.id)))
  // Ann sits on one relay, Bob on the other; each relay runs auto-assignment after every commit.
  const desktops = [await connectDesktop(a, tokens[0]!), await connectDesktop(b, tokens[1]!)]
  for (const relay of [a, b])
    for (const name of names) await expect.poll(() => relay.presence.statusOf(name)).toBe('online')

  await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      followerWrites(index % 2 === 0 ? a : b, `oClusterAuto${String(index).padStart(15, '0')}`),
    ),
  )
  await expect.poll(async () => (await a.store.board.queue()).length).toBe(2)
  await Promise.all([a.autoAssign.settle(), b.autoAssign.settle()])
  const counts = await a.store.board.openCounts()
  expect(names.map((name) => counts.get(name) ?? 0)).toEqual([3, 3])
  // Each conversation was handed out once: one assignment event each, never a second over the first.
  const assignments = (await a.store.events.after(0, 10_000)).filter(
    (event) => event.type === 'conversation.updated' && event.conversation.assignee !== null,
  )
  expect(assignments).toHaveLength(6)
  for (const desktop of desktops) desktop.close()
})
