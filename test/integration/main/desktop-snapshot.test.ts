import { conversationKeyOf } from '../../../common/domain/account.js'
import { expect, test } from '@playwright/test'
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { ConnectionState } from '../../../common/ipc/channels.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import type { Relay } from '../../../relay/app.js'
import {
  call,
  createUser,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from '../shared-state/shared-state-fixture.js'
import { ADMIN_PASSWORD } from '../relay/relay-fixture.js'
import {
  createManualClock,
  isCaughtUpWith,
  startTestCore,
  waitForConnection,
  waitForCore,
} from './desktop-fixture.js'
import { storedRows } from '../../support/store-rows.js'

const TEXTS = ['我要申请退款', '订单什么时候发货', 'where is my parcel', '可以改地址吗', '谢谢，已经解决了']

/**
 * Writes `conversations` conversations of `perConversation` messages each straight into the relay's
 * store and log, as the webhook would have over time (bulk history a test cannot wait for one push at a
 * time). Every third is the agent `bob`'s, every third `carol`'s, the rest unassigned; one message in
 * a hundred carries the word 稀有 for search; some conversations are resolved. Like every writer, it
 * commits through the store, which sends the events it appended on once on disk.
 */
async function seedHistory(relay: Relay, conversations: number, perConversation: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1)
  await relay.store.commit(async (tx, appended) => {
    for (let round = 0; round < perConversation; round += 1) {
      for (let index = 0; index < conversations; index += 1) {
        const id = `oSeed${String(index).padStart(23, '0')}`
        const number = round * conversations + index
        const createdAt = start + number * 1000
        const isReply = round % 4 === 3
        const message: Message = {
          id: `seed-${number}`,
          conversationId: id,
          direction: isReply ? 'outgoing' : 'incoming',
          body: {
            type: 'text',
            text: `${TEXTS[number % TEXTS.length]} ${number % 100 === 42 ? '稀有' : ''}#${number}`,
          },
          status: 'sent',
          createdAt,
          clientMessageId: isReply ? `seed-client-${number}` : null,
          senderUsername: isReply ? 'admin' : null,
          isAutomatic: false,
          wechatMsgId: isReply ? null : String(9_000_000_000 + number),
          failure: null,
        }
        const previous = await tx.conversations.get(id)
        const conversation: Conversation = {
          id,
          ...conversationKeyOf(id),
          remark: null,
          followState: 'subscribed',
          sourceScene: null,
          hasSeenFollow: false,
          unionId: null,
          snooze: null,
          awaitingReplySince: null,
          ticketRepliedAt: null,
          rating: null,
          ratingQuestion: null,
          firstSeenAt: previous?.firstSeenAt ?? createdAt,
          lastMessage: { messageId: message.id, direction: message.direction, text: 'preview', createdAt },
          lastIncomingAt: isReply ? (previous?.lastIncomingAt ?? null) : createdAt,
          unansweredCount: isReply ? 0 : (previous?.unansweredCount ?? 0) + 1,
          windowHistory: { lastOpenedAt: { message: createdAt }, sendTimes: [], isUnsubscribed: false },
          assignee: index % 3 === 0 ? 'bob' : index % 3 === 1 ? 'carol' : null,
          status: round === perConversation - 1 && index % 5 === 0 ? 'resolved' : 'open',
          ticketNumber: 1,
          tagIds: [],
          notes: '',
          version: (previous?.version ?? 0) + 1,
          updatedAt: createdAt,
        }
        await tx.conversations.save(conversation)
        await tx.messages.insert(message)
        appended.push(
          await tx.events.append({ at: createdAt, type: 'message.created', message, conversation }),
        )
      }
    }
  })
}

/** What the relay holds now that `canSee` keeps: conversations and messages by id. */
async function relayState(relay: Relay, canSee: (conversation: Conversation) => boolean) {
  const conversations = new Map<string, Conversation>()
  const ids = (await storedRows<{ id: string }>(relay.store, 'SELECT id FROM conversations')).map(
    (row) => row.id,
  )
  for (const id of ids) {
    const conversation = (await relay.store.conversations.get(id))!
    if (canSee(conversation)) conversations.set(id, conversation)
  }
  const messages = new Map<string, Message>()
  const rows = await storedRows<{ id: string; conversation_id: string }>(
    relay.store,
    'SELECT id, conversation_id FROM messages',
  )
  for (const row of rows)
    if (conversations.has(row.conversation_id))
      messages.set(row.id, (await relay.store.messages.get(row.id))!)
  return { conversations, messages }
}

/** The replica holds exactly what the relay holds for this user, and its cursor is the log's head. */
async function expectReplicaEqualsRelay(
  core: DesktopCore,
  relay: Relay,
  canSee: (conversation: Conversation) => boolean = () => true,
): Promise<void> {
  const replica = core.replica()!
  const state = await relayState(relay, canSee)
  expect(replica.cursor()).toBe(await relay.store.events.head())
  // No duplicate: one row per relay message; no gap: every one is there, whole and current.
  expect(replica.counts()).toEqual({ conversations: state.conversations.size, messages: state.messages.size })
  for (const [id, conversation] of state.conversations)
    expect(replica.conversation(id), `conversation ${id}`).toEqual(conversation)
  for (const [id, message] of state.messages) expect(replica.message(id), `message ${id}`).toEqual(message)
}

/** A TCP proxy whose desktop-to-relay direction can be held: the relay then waits for the snapshot's acks. */
async function startHoldingProxy(targetPort: number) {
  const sockets = new Set<Socket>()
  let isHolding = false
  let held: (() => void)[] = []
  let isCut = false
  const server: Server = createServer((client) => {
    if (isCut) return client.destroy()
    const upstream = connect(targetPort, '127.0.0.1')
    sockets.add(client)
    sockets.add(upstream)
    client.on('data', (chunk) => {
      if (isHolding) held.push(() => upstream.write(chunk))
      else upstream.write(chunk)
    })
    upstream.pipe(client)
    const end = (): void => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    for (const socket of [client, upstream]) {
      socket.on('error', end)
      socket.on('close', end)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold(): void {
      isHolding = true
    },
    release(): void {
      isHolding = false
      const waiting = held
      held = []
      for (const write of waiting) write()
    },
    cut(): void {
      isCut = true
      held = []
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    restore(): void {
      isCut = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The connection states the core pushed, as they came. */
function recordStates(core: DesktopCore): ConnectionState[] {
  const states: ConnectionState[] = []
  core.listen({
    push: (channel, payload) => channel === 'connection:changed' && states.push(payload as ConnectionState),
  })
  return states
}

const isSnapshotProgress = (state: ConnectionState): boolean =>
  state.state === 'catching-up' && state.total !== undefined && state.applied > 0

test.describe('a desktop starting from nothing takes a snapshot of the relay', () => {
  let context: SharedStateRelay

  test.afterEach(async () => {
    await context.close()
  })

  test('a cold start holds exactly what the relay holds, unread is what awaits a reply, and search works', async () => {
    context = await startSharedStateRelay({ snapshotPageSize: 250 })
    const { relay } = context
    await seedHistory(relay, 60, 50)
    const tag = await call<{ id: string }>(relay, context.adminToken, 'POST', '/api/tags', {
      name: '退款',
      color: '#e03131',
    })
    expect(tag.status).toBe(201)
    await call(relay, context.adminToken, 'POST', '/api/canned-responses', {
      shortCode: 'hi',
      body: '您好',
      isTeam: true,
    })
    const live = await followerWrites(relay, 'oLiveFollower0000000000000001', '你好，我要退款')

    const { core, remove } = startTestCore({ clock: createManualClock().clock })
    const states = recordStates(core)
    let inboxPushes = 0
    core.listen({ push: (channel) => channel === 'inbox:changed' && (inboxPushes += 1) })
    try {
      expect(
        await core.signIn({ relayUrl: relay.url, username: 'admin', password: ADMIN_PASSWORD }),
      ).toMatchObject({ ok: true })
      await waitForConnection(core, 'live')
      await expectReplicaEqualsRelay(core, relay)
      expect(core.replica()!.counts()).toEqual({ conversations: 61, messages: 3001 })

      // Progress while it came in, with the total the relay announced; the screen heard of it once.
      const progress = states.filter(isSnapshotProgress)
      expect(progress.length).toBeGreaterThan(10)
      expect(progress.at(-1)).toEqual({ state: 'catching-up', applied: 3062, total: 3062 })
      expect(inboxPushes).toBe(1)

      // Unread: what awaits a reply at the relay, not the whole history.
      const inbox = new Map(core.inbox().map((item) => [item.conversation.id, item]))
      expect(inbox.get(live.id)?.unreadCount).toBe(1)
      for (const item of inbox.values()) {
        const expected = item.conversation.status === 'resolved' ? 0 : item.conversation.unansweredCount
        expect(item.unreadCount, item.conversation.id).toBe(expected)
      }
      expect(core.tags().map(({ name }) => name)).toEqual(['退款'])
      expect(core.cannedResponses().map(({ shortCode }) => shortCode)).toEqual(['hi'])
      expect(
        core
          .replica()!
          .users()
          .map(({ username }) => username),
      ).toContain('admin')

      // Search reads the index the snapshot filled: two-character Chinese, a rare word, English.
      expect(core.search({ text: '稀有', limit: 1_000 })).toHaveLength(30)
      expect(core.search({ text: '退款', limit: 10_000 })).toHaveLength(601)
      expect(core.search({ text: 'parcel', limit: 10_000 })).toHaveLength(600)
      expect(core.problems()).toEqual([])
    } finally {
      core.close()
      remove()
    }
  })

  test('writes landing during the snapshot are neither lost nor duplicated', async () => {
    context = await startSharedStateRelay({ snapshotPageSize: 20 })
    const { relay } = context
    await seedHistory(relay, 40, 50)
    const proxy = await startHoldingProxy(relay.port)
    const { core, remove } = startTestCore({ clock: createManualClock().clock })
    const states = recordStates(core)
    try {
      expect(
        await core.signIn({ relayUrl: proxy.url, username: 'admin', password: ADMIN_PASSWORD }),
      ).toMatchObject({ ok: true })
      await waitForCore(core, () => states.some(isSnapshotProgress), 'the snapshot under way')
      // The desktop's acks stop reaching the relay: its snapshot waits while the writes land.
      proxy.hold()
      const seededId = `oSeed${String(7).padStart(23, '0')}`
      await followerWrites(relay, seededId, '写在快照期间 一')
      await followerWrites(relay, 'oDuringSnapshot00000000000001', '写在快照期间 二')
      const seeded = (await relay.store.conversations.get(seededId))!
      const assigned = await call(
        relay,
        context.adminToken,
        'PUT',
        `/api/conversations/${seededId}/assignee`,
        {
          assignee: 'admin',
          version: seeded.version,
        },
      )
      expect(assigned.status).toBe(200)
      await followerWrites(relay, seededId, '写在快照期间 三')
      // The snapshot had not ended when they committed: the cursor only moves at its end.
      expect(core.replica()!.cursor()).toBe(0)
      expect(core.connection().state).toBe('catching-up')
      proxy.release()

      await waitForConnection(core, 'live')
      await waitForCore(core, isCaughtUpWith(core, relay), 'the replica at the head')
      await expectReplicaEqualsRelay(core, relay)
      // Three follower messages and the activity line of the assignment.
      expect(core.replica()!.counts()).toEqual({ conversations: 41, messages: 2004 })
      expect(core.replica()!.conversation(seededId)?.assignee).toBe('admin')
      expect(core.search({ text: '快照期间', limit: 100 })).toHaveLength(3)
      expect(core.problems()).toEqual([])
    } finally {
      core.close()
      remove()
      await proxy.close()
    }
  })

  test('a snapshot cut short by a disconnect is taken again whole, keeping what is this desktop’s', async () => {
    context = await startSharedStateRelay({ snapshotPageSize: 20 })
    const { relay } = context
    await seedHistory(relay, 40, 50)
    const proxy = await startHoldingProxy(relay.port)
    const time = createManualClock()
    const { core, remove } = startTestCore({ clock: time.clock, backoff: () => 60_000 })
    const states = recordStates(core)
    try {
      expect(
        await core.signIn({ relayUrl: proxy.url, username: 'admin', password: ADMIN_PASSWORD }),
      ).toMatchObject({ ok: true })
      const seededId = `oSeed${String(2).padStart(23, '0')}`
      core.setDraft({ conversationId: seededId, text: '草稿 kept across the snapshot' })
      await waitForCore(
        core,
        () =>
          states.some(
            (state) => state.state === 'catching-up' && state.total !== undefined && state.applied > 100,
          ),
        'the snapshot half way',
      )
      proxy.cut()
      await waitForConnection(core, 'offline')
      // Part of it is in, the cursor has not moved: the next connection starts the snapshot over.
      expect(core.replica()!.cursor()).toBe(0)
      expect(core.replica()!.counts().messages).toBeLessThan(2000)
      await followerWrites(relay, seededId, '断线期间的消息')

      proxy.restore()
      time.advance(60_000)
      await waitForConnection(core, 'live')
      await expectReplicaEqualsRelay(core, relay)
      expect(core.replica()!.counts()).toEqual({ conversations: 40, messages: 2001 })
      expect(core.draft({ conversationId: seededId })).toBe('草稿 kept across the snapshot')
      expect(core.search({ text: '断线', limit: 10 })).toHaveLength(1)
      expect(core.problems()).toEqual([])
    } finally {
      core.close()
      remove()
      await proxy.close()
    }
  })

  test('an agent’s snapshot holds only what the agent may see', async () => {
    context = await startSharedStateRelay({ snapshotPageSize: 50 })
    const { relay } = context
    await createUser(context, 'bob', 'agent')
    const carolToken = await createUser(context, 'carol', 'agent')
    await seedHistory(relay, 30, 10)
    const personal = await call(relay, carolToken, 'POST', '/api/canned-responses', {
      shortCode: 'carol-only',
      body: 'mine',
      isTeam: false,
    })
    expect(personal.status).toBe(201)
    await call(relay, context.adminToken, 'POST', '/api/canned-responses', {
      shortCode: 'team',
      body: 'ours',
      isTeam: true,
    })

    const { core, remove } = startTestCore({ clock: createManualClock().clock })
    try {
      expect(
        await core.signIn({ relayUrl: relay.url, username: 'bob', password: 'bob-password' }),
      ).toMatchObject({ ok: true })
      await waitForConnection(core, 'live')
      const canBobSee = (conversation: Conversation): boolean =>
        conversation.assignee === null || conversation.assignee === 'bob'
      await expectReplicaEqualsRelay(core, relay, canBobSee)
      // Ten of bob's and ten unassigned, with their messages; carol's ten and her own reply stay away.
      expect(core.replica()!.counts()).toEqual({ conversations: 20, messages: 200 })
      expect(core.inbox().some((item) => item.conversation.assignee === 'carol')).toBe(false)
      expect(core.cannedResponses().map(({ shortCode }) => shortCode)).toEqual(['team'])
      expect(
        core
          .replica()!
          .users()
          .map(({ username }) => username)
          .sort(),
      ).toEqual(['admin', 'bob', 'carol'])
      expect(core.problems()).toEqual([])
    } finally {
      core.close()
      remove()
    }
  })
})
