import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { replicaPathOf, type DesktopCore, type DesktopNotification } from '../../../main/core/desktop-core.js'
import { ADMIN_PASSWORD, startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'
import {
  createManualClock,
  startCuttableProxy,
  startTestCore,
  waitForConnection,
  waitForCore,
  isCaughtUpWith,
} from './desktop-fixture.js'

/** Rounds named in words, so a search for one round's name matches nothing else. */
const ROUND_NAMES = ['', '一', '二', '三', '四']

type Fixture = Awaited<ReturnType<typeof startRelayWithSimulator>>

/** Every message and conversation as the relay's log leaves them (the last event of each wins). */
async function relayState(fixture: Fixture): Promise<{
  messages: Map<string, Message>
  conversations: Map<string, Conversation>
  head: number
}> {
  const messages = new Map<string, Message>()
  const conversations = new Map<string, Conversation>()
  let cursor = 0
  for (let page = 0; page < 1000; page += 1) {
    const events: RelayEvent[] = await fixture.relay.store.events.after(cursor, 1000)
    if (events.length === 0) break
    for (const event of events) {
      if ('message' in event) messages.set(event.message.id, event.message)
      if ('conversation' in event) conversations.set(event.conversation.id, event.conversation)
      cursor = event.seq
    }
  }
  return { messages, conversations, head: await fixture.relay.store.events.head() }
}

async function expectReplicaEqualsRelay(core: DesktopCore, fixture: Fixture): Promise<void> {
  const replica = core.replica()!
  const relay = await relayState(fixture)
  expect(replica.cursor()).toBe(relay.head)
  // No duplicate: one row per relay message; no gap: every relay message is there, whole and current.
  expect(replica.counts()).toEqual({ conversations: relay.conversations.size, messages: relay.messages.size })
  for (const [id, message] of relay.messages) expect(replica.message(id), `message ${id}`).toEqual(message)
  for (const [id, conversation] of relay.conversations) expect(replica.conversation(id)).toEqual(conversation)
}

test.describe('desktop core against a real relay', () => {
  let fixture: Fixture
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>

  test.beforeEach(async () => {
    fixture = await startRelayWithSimulator()
    proxy = await startCuttableProxy(fixture.relay.port)
  })

  test.afterEach(async () => {
    await proxy.close()
    await fixture.close()
  })

  test('stays equal to the relay under load across a disconnect of minutes', async () => {
    test.setTimeout(90_000)
    const time = createManualClock()
    const { core, remove } = startTestCore({ clock: time.clock, backoff: () => 3 * 60_000 })
    try {
      const signedIn = await core.signIn({ relayUrl: proxy.url, username: 'admin', password: ADMIN_PASSWORD })
      expect(signedIn.ok).toBe(true)
      await waitForConnection(core, 'live')

      const followers = Array.from({ length: 12 }, (_, index) =>
        fixture.simulator.follower(`oFollower${String(index).padStart(22, '0')}`),
      )
      const burst = async (round: number, count: number): Promise<void> => {
        const deliveries = await Promise.all(
          followers.flatMap((follower, index) =>
            Array.from({ length: count }, (_, n) =>
              follower.sendText(`第${ROUND_NAMES[round]}轮 消息${n} 退款 from ${index}`),
            ),
          ),
        )
        for (const delivery of deliveries) expect(delivery.status).toBe(200)
      }

      await burst(1, 4)
      await waitForCore(core, isCaughtUpWith(core, fixture.relay), 'live catch-up')

      proxy.cut()
      await waitForConnection(core, 'offline')
      const offline = core.connection()
      expect(offline.state === 'offline' && offline.retryAt).toBe(time.now() + 3 * 60_000)

      // Minutes pass while followers keep writing; the desktop is not told.
      await burst(2, 5)
      time.advance(2 * 60_000)
      expect(core.connection().state).toBe('offline')
      await burst(3, 5)
      proxy.restore()

      // The retry falls due; more messages arrive while the desktop is catching up.
      const duringCatchUp = burst(4, 3)
      time.advance(60_000)
      await duringCatchUp
      await waitForConnection(core, 'live')
      await waitForCore(core, isCaughtUpWith(core, fixture.relay), 'catch-up to head')

      await expectReplicaEqualsRelay(core, fixture)
      expect(core.replica()!.counts().messages).toBe(12 * (4 + 5 + 5 + 3))
      // Search sees the history that arrived while offline.
      expect(core.search({ text: '三轮', limit: 500 }).length).toBe(12 * 5)
      expect(core.problems()).toEqual([])
    } finally {
      core.close()
      remove()
    }
  })

  test('replies written offline go out exactly once after reconnecting', async () => {
    const time = createManualClock()
    const { core, remove } = startTestCore({ clock: time.clock, backoff: () => 5 * 60_000 })
    try {
      await core.signIn({ relayUrl: proxy.url, username: 'admin', password: ADMIN_PASSWORD })
      await waitForConnection(core, 'live')
      const follower = fixture.simulator.follower('oOfflineReplyFollower000000001')
      expect((await follower.sendText('我的订单还没发货')).status).toBe(200)
      await waitForCore(core, () => core.inbox().length === 1, 'the conversation')

      proxy.cut()
      await waitForConnection(core, 'offline')
      const texts = ['您好，马上为您查询', '已经发货了', '单号稍后发您']
      for (const [index, text] of texts.entries()) {
        const answer = await core.send({
          conversationId: follower.openId,
          clientMessageId: `offline-reply-${index}-abcdef`,
          body: { type: 'text', text },
        })
        expect(answer.ok && answer.value.status).toBe('pending')
      }
      // A repeated request with the same client id is the same reply, not a fourth.
      await core.send({
        conversationId: follower.openId,
        clientMessageId: 'offline-reply-1-abcdef',
        body: { type: 'text', text: texts[1]! },
      })
      expect(
        core
          .outbox()!
          .queued()
          .map((entry) => entry.clientMessageId),
      ).toEqual(texts.map((_, index) => `offline-reply-${index}-abcdef`))

      proxy.restore()
      time.advance(5 * 60_000)
      await waitForConnection(core, 'live')
      await waitForCore(core, () => core.outbox()!.queued().length === 0, 'the outbox to drain')
      await waitForCore(
        core,
        () =>
          core
            .messages({ conversationId: follower.openId, limit: 50 })
            .filter((message) => message.direction === 'outgoing' && message.status === 'sent').length === 3,
        'three sent replies',
      )

      // Another outage and reconnect must not send anything again.
      proxy.cut()
      await waitForConnection(core, 'offline')
      proxy.restore()
      time.advance(5 * 60_000)
      await waitForConnection(core, 'live')

      const delivered = fixture
        .sends()
        .filter((call) => (call.body as { touser?: string }).touser === follower.openId)
      // Each reply reached WeChat exactly once (the relay delivers concurrently, so not necessarily in order).
      expect(
        delivered.map((call) => (call.body as { text: { content: string } }).text.content).sort(),
      ).toEqual([...texts].sort())
      const outgoing = core
        .messages({ conversationId: follower.openId, limit: 50 })
        .filter((message) => message.direction === 'outgoing')
      // Stored by the relay in the order they were written.
      expect(
        outgoing.map((message) => [message.body, message.status, message.id.startsWith('local:')]),
      ).toEqual(texts.map((text) => [{ type: 'text', text }, 'sent', false]))
      await expectReplicaEqualsRelay(core, fixture)
    } finally {
      core.close()
      remove()
    }
  })

  test('a wrong password, a relay that is down and a revoked token each give a clear answer', async () => {
    const time = createManualClock()
    const { core, dataDir, remove } = startTestCore({ clock: time.clock })
    try {
      const wrong = await core.signIn({
        relayUrl: fixture.relay.url,
        username: 'admin',
        password: 'not the password',
      })
      expect(wrong).toMatchObject({ ok: false, code: 'unauthorized' })
      proxy.cut()
      const down = await core.signIn({ relayUrl: proxy.url, username: 'admin', password: ADMIN_PASSWORD })
      expect(down).toMatchObject({ ok: false, code: 'offline' })
      expect(core.session()).toEqual({ relayUrl: null, user: null })
      proxy.restore()

      await core.signIn({ relayUrl: fixture.relay.url, username: 'admin', password: ADMIN_PASSWORD })
      await waitForConnection(core, 'live')
      core.close()

      // The stored token no longer opens a session: the next start says so and keeps the replica.
      const { createFileSecretStore } = await import('../../../main/core/session/file-secret-store.js')
      await createFileSecretStore(`${dataDir}/secrets.json`).set(
        'relay-token',
        'a-token-the-relay-never-issued',
      )
      const restarted = startTestCore({ clock: time.clock, dataDir })
      await restarted.core.start()
      await waitForConnection(restarted.core, 'revoked')
      expect(restarted.core.session().user?.username).toBe('admin')
      expect(restarted.core.replica()).not.toBeNull()
      restarted.core.close()
    } finally {
      remove()
    }
  })

  test('notification preferences outlast a restart, and the resumed session notifies as they say', async () => {
    const time = createManualClock()
    const { core, dataDir, remove } = startTestCore({ clock: time.clock })
    try {
      await core.signIn({ relayUrl: fixture.relay.url, username: 'admin', password: ADMIN_PASSWORD })
      await waitForConnection(core, 'live')
      expect(await core.setNotificationPreferences({ hasSound: false })).toEqual({
        isEnabled: true,
        hasSound: false,
      })
      core.close()

      const restarted = startTestCore({ clock: time.clock, dataDir })
      try {
        const told = new Promise<DesktopNotification>((resolve) =>
          restarted.core.listen({ notification: resolve }),
        )
        await restarted.core.start()
        expect(restarted.core.notificationPreferences()).toEqual({ isEnabled: true, hasSound: false })
        await waitForConnection(restarted.core, 'live')
        await fixture.simulator.follower('oQuietFollower000000000001').sendText('在吗')
        expect(await told).toMatchObject({ kind: 'new-conversation', body: '在吗', isSilent: true })
      } finally {
        restarted.core.close()
      }
    } finally {
      remove()
    }
  })

  test('a corrupt replica gives a clear state and is left as it was', async () => {
    const time = createManualClock()
    const { core, dataDir, remove } = startTestCore({ clock: time.clock })
    try {
      const path = replicaPathOf(dataDir, fixture.relay.url, 'admin')
      mkdirSync(dirname(path), { recursive: true })
      const damaged = Buffer.from('SQLite format 3\0 but then garbage '.repeat(300))
      writeFileSync(path, damaged)
      const answer = await core.signIn({
        relayUrl: fixture.relay.url,
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
      expect(answer.ok).toBe(true)
      expect(core.connection()).toMatchObject({ state: 'replica-failed', path })
      expect(core.inbox()).toEqual([])
      expect(
        await core.send({
          conversationId: 'c1',
          clientMessageId: 'while-broken-1',
          body: { type: 'text', text: 'hi' },
        }),
      ).toMatchObject({ ok: false })
      expect(readFileSync(path).equals(damaged)).toBe(true)
    } finally {
      core.close()
      remove()
    }
  })
})
