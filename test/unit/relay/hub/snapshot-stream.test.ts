import { conversationKeyOf } from '../../../../common/domain/account.js'
import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../../common/domain/conversation.js'
import type { Message } from '../../../../common/domain/message.js'
import type { User } from '../../../../common/domain/user.js'
import type { SnapshotPage, SnapshotStart } from '../../../../common/relay/events.js'
import {
  isWorthASnapshot,
  streamSnapshot,
  type SnapshotChannel,
} from '../../../../relay/hub/snapshot-stream.js'
import { type RelayStore } from '../../../../relay/store/relay-store.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

const AGENT: User = {
  username: 'bob',
  displayName: 'Bob',
  role: 'agent',
  isDisabled: false,
  kfAccount: null,
  teamId: null,
}

/** Every commit here is a FULL `store.transaction`, on disk when it returns: each seq is published already. */
const durableAlready = (): Promise<void> => Promise.resolve()

/** `count` messages over conversations c0..c4; c0 and c1 are carol's, the rest unassigned. */
async function seed(store: RelayStore, count: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let index = 0; index < count; index += 1) {
      const conversationId = `c${index % 5}`
      const version = ((await tx.conversations.get(conversationId))?.version ?? 0) + 1
      const conversation: Conversation = {
        id: conversationId,
        ...conversationKeyOf(conversationId),
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
        firstSeenAt: 1,
        lastMessage: null,
        lastIncomingAt: null,
        unansweredCount: 0,
        windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
        assignee: index % 5 < 2 ? 'carol' : null,
        status: 'open',
        ticketNumber: 1,
        tagIds: [],
        notes: '',
        version,
        updatedAt: index,
      }
      const message: Message = {
        id: `m${String(index).padStart(4, '0')}`,
        conversationId,
        direction: 'incoming',
        body: { type: 'text', text: `hello ${index}` },
        status: 'sent',
        createdAt: index,
        clientMessageId: null,
        senderUsername: null,
        isAutomatic: false,
        wechatMsgId: null,
        failure: null,
      }
      await tx.conversations.save(conversation)
      await tx.messages.insert(message)
      await tx.events.append({ at: index, type: 'message.created', message, conversation })
    }
  })
}

/** A channel whose acks the test gives by hand, recording what was sent. */
function manualChannel() {
  const pages: SnapshotPage[] = []
  const acks: (() => void)[] = []
  const sent: { begun: SnapshotStart | null; ended: number | null } = { begun: null, ended: null }
  let isClosed = false
  const channel: SnapshotChannel = {
    begin: (info) => {
      sent.begun = info
    },
    page: (page) => {
      pages.push(page)
      return new Promise<void>((resolve) => acks.push(resolve))
    },
    end: (info) => {
      sent.ended = info.seq
    },
    isClosed: () => isClosed,
  }
  return {
    channel,
    pages,
    sent,
    /** Acks every page sent so far, then lets the stream run until it waits again. */
    async ackAll(): Promise<void> {
      for (const ack of acks.splice(0)) ack()
      await new Promise((resolve) => setImmediate(resolve))
    },
    close(): void {
      isClosed = true
    },
  }
}

const canSee = (user: User, event: { type: string; conversation?: Conversation }): boolean =>
  event.conversation === undefined ||
  event.conversation.assignee === null ||
  event.conversation.assignee === user.username

test('a snapshot keeps few pages in flight, holds only what the user may see, and ends at its seq', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    await seed(store, 100)
    const manual = manualChannel()
    const streaming = streamSnapshot(manual.channel, {
      store,
      user: AGENT,
      canSee,
      published: durableAlready,
      pageSize: 10,
    })
    await new Promise((resolve) => setImmediate(resolve))
    const seq = await store.events.head()
    expect(manual.sent.begun).toEqual({ seq, conversations: 3, messages: 60 })
    // Pages wait for acks: never more than four unacked.
    expect(manual.pages).toHaveLength(4)
    for (let round = 0; round < 20 && manual.sent.ended === null; round += 1) await manual.ackAll()
    expect(await streaming).toEqual({ seq, conversations: 3, messages: 60 })
    expect(manual.sent.ended).toBe(seq)
    expect(manual.pages[0]!.conversations.map(({ id }) => id)).toEqual(['c2', 'c3', 'c4'])
    const messages = manual.pages.flatMap((page) => page.messages.map((json) => JSON.parse(json) as Message))
    expect(messages).toHaveLength(60)
    expect(messages.every((message) => ['c2', 'c3', 'c4'].includes(message.conversationId))).toBe(true)
    expect(messages.map(({ id }) => id)).toEqual([...messages.map(({ id }) => id)].sort())
  } finally {
    await store.close()
    remove()
  }
})

test('a desktop that goes away mid-snapshot ends it without an end; the threshold picks snapshot or replay', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    await seed(store, 100)
    const manual = manualChannel()
    const streaming = streamSnapshot(manual.channel, {
      store,
      user: AGENT,
      canSee,
      published: durableAlready,
      pageSize: 10,
    })
    await new Promise((resolve) => setImmediate(resolve))
    manual.close()
    await manual.ackAll()
    expect(await streaming).toBeNull()
    expect(manual.sent.ended).toBeNull()

    const head = await store.events.head()
    expect(await isWorthASnapshot(store, 0, head)).toBe(true)
    expect(await isWorthASnapshot(store, head, head)).toBe(false)
    // 100 messages in 5 conversations: a replay is cheaper up to 0.4 of that state behind.
    expect(await isWorthASnapshot(store, head - 30, head)).toBe(false)
    expect(await isWorthASnapshot(store, head - 60, head)).toBe(true)
  } finally {
    await store.close()
    remove()
  }
})
