import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import { buildPush, sendPush, textMessage } from '../relay/push-builder.js'
import { connectAgent, signIn, type TestAgent } from '../relay/relay-fixture.js'
import { call, emitCommand } from '../shared-state/shared-state-fixture.js'
import { twoRelaysForEachTest } from './two-relay-fixture.js'

const relaysOfThisTest = twoRelaysForEachTest()

let nextMsgId = 7_300_000_000_000_000_000n

function pushOf(openId: string, text: string) {
  return buildPush(textMessage(openId, String(nextMsgId++), text, Math.floor(Date.now() / 1000)), {
    mode: 'safe',
  })
}

test('a push answered by one relay reaches a desktop on the other live; its retry at the other is stored once', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const token = await signIn(a.url)
  const onB = connectAgent(b.url, token, 0)
  await onB.caughtUp

  const push = pushOf('oClusterFollower00000000001', '在吗？订单还没到')
  expect(await sendPush(a.url, push)).toEqual({ status: 200, text: 'success' })
  const head = await a.store.events.head()
  await onB.waitForSeq(head)
  const created = onB.events.filter((event) => event.type === 'message.created')
  expect(created).toHaveLength(1)

  // WeChat retries the same push at the other relay: answered, stored nowhere again.
  expect(await sendPush(b.url, push)).toEqual({ status: 200, text: 'success' })
  expect(await b.store.events.head()).toBe(head)
  const page = await call<{ messages: unknown[] }>(
    b,
    token,
    'GET',
    '/api/conversations/oClusterFollower00000000001/messages?limit=50',
  )
  expect(page.body.messages).toHaveLength(1)
  onB.close()
})

test('writes through both relays at once replay on either in seq order, with no gap and no duplicate', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const token = await signIn(b.url)
  const live = [connectAgent(a.url, token, 0), connectAgent(b.url, token, 0)]
  await Promise.all(live.map((agent) => agent.caughtUp))

  // Interleaved commits of two processes: each relay's transactions race the other's for the log.
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, index) =>
      sendPush(
        (index % 2 === 0 ? a : b).url,
        pushOf(`oClusterWriter${String(index % 6).padStart(13, '0')}`, `第${index}条`),
      ),
    ),
  )
  for (const answer of answers) expect(answer).toEqual({ status: 200, text: 'success' })
  const head = await a.store.events.head()
  expect(await b.store.events.head()).toBe(head)

  const replayed = [connectAgent(a.url, token, 0), connectAgent(b.url, token, 0)]
  await Promise.all(replayed.map((agent) => agent.caughtUp))
  for (const agent of [...live, ...replayed]) {
    await agent.waitForSeq(head)
    const seqs = agent.events.map((event) => event.seq)
    expect(seqs).toEqual(Array.from({ length: head }, (_, index) => index + 1))
    agent.close()
  }
})

test('20 desktops on two relays racing for one conversation leave exactly one owner', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const adminToken = await signIn(a.url)
  const usernames = Array.from({ length: 20 }, (_, index) => `racer${index}`)
  const desktops: TestAgent[] = []
  for (const [index, username] of usernames.entries()) {
    const created = await call(a, adminToken, 'POST', '/api/users', {
      username,
      password: `${username}-password`,
      role: 'agent',
    })
    expect(created.status).toBe(201)
    const relay = index % 2 === 0 ? a : b
    const desktop = connectAgent(relay.url, await signIn(relay.url, username, `${username}-password`), 0)
    await desktop.caughtUp
    desktops.push(desktop)
  }
  expect(await sendPush(b.url, pushOf('oClusterRace000000000000001', '谁来帮我'))).toMatchObject({
    status: 200,
  })
  const conversation = (await a.store.conversations.get('oClusterRace000000000000001'))!

  const outcomes = await Promise.all(
    desktops.map((desktop, index) =>
      emitCommand<'conversation:assign', Conversation>(desktop, 'conversation:assign', {
        conversationId: conversation.id,
        assignee: usernames[index]!,
        version: conversation.version,
      }),
    ),
  )
  const winners = outcomes.flatMap((outcome, index) => (outcome.ok ? [usernames[index]!] : []))
  expect(winners).toHaveLength(1)
  for (const outcome of outcomes) if (!outcome.ok) expect(outcome.error.code).toBe('conflict')
  const stored = (await b.store.conversations.get(conversation.id))!
  expect(stored).toMatchObject({ assignee: winners[0], version: conversation.version + 1 })
  for (const desktop of desktops) desktop.close()
})
