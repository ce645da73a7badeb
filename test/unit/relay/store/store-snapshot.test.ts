import { conversationKeyOf } from '../../../../common/domain/account.js'
import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../../common/domain/conversation.js'
import type { Message } from '../../../../common/domain/message.js'
import { type RelayStore } from '../../../../relay/store/relay-store.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

function conversationOf(id: string, version: number): Conversation {
  return {
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
    firstSeenAt: 1_700_000_000_000,
    lastMessage: null,
    lastIncomingAt: null,
    unansweredCount: 0,
    windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
    assignee: null,
    status: 'open',
    ticketNumber: 1,
    tagIds: [],
    notes: '',
    version,
    updatedAt: 1_700_000_000_000 + version,
  }
}

async function write(store: RelayStore, message: Message): Promise<void> {
  await store.transaction(async (tx) => {
    const version = ((await tx.conversations.get(message.conversationId))?.version ?? 0) + 1
    const conversation = conversationOf(message.conversationId, version)
    await tx.conversations.save(conversation)
    await tx.messages.insert(message, { raw: { MsgId: 'kept at the relay only' } })
    await tx.events.append({ at: message.createdAt, type: 'message.created', message, conversation })
  })
}

const base: Omit<Message, 'id' | 'conversationId'> = {
  direction: 'incoming',
  body: { type: 'text', text: '你好 "quoted" \\ back' },
  status: 'sent',
  createdAt: 1_700_000_000_000,
  clientMessageId: null,
  senderUsername: null,
  isAutomatic: false,
  wechatMsgId: '24000000000000001',
  failure: null,
}

test('message texts built by SQLite equal the messages the repository reads, field for field', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const messages: Message[] = [
      { ...base, id: 'm1', conversationId: 'c1' },
      {
        ...base,
        id: 'm2',
        conversationId: 'c1',
        direction: 'outgoing',
        body: { type: 'image', mediaId: 'media-1' } as Message['body'],
        status: 'failed',
        clientMessageId: 'client-2',
        senderUsername: 'alice',
        isAutomatic: true,
        wechatMsgId: null,
        failure: { code: 'window_closed', message: 'closed', wechatErrcode: 45015, isRetryable: false },
      },
      {
        ...base,
        id: 'm3',
        conversationId: 'c2',
        direction: 'internal',
        body: { type: 'note', text: 'handover', isHandover: true },
        senderUsername: 'bob',
        wechatMsgId: null,
      },
    ]
    for (const message of messages) await write(store, message)
    const snapshot = await store.openSnapshot()
    try {
      const page = await snapshot.messages(0, 10, null)
      expect(page.next).toBeNull()
      expect(page.messages.map((json) => JSON.parse(json) as unknown)).toEqual(
        await Promise.all(messages.map((message) => store.messages.get(message.id))),
      )
    } finally {
      await snapshot.close()
    }
  } finally {
    await store.close()
    remove()
  }
})

test('a snapshot reads one fixed point of the log while writes go on, in pages, only the conversations asked for', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    for (let index = 0; index < 9; index += 1)
      await write(store, { ...base, id: `m${index}`, conversationId: `c${index % 3}` })
    const head = await store.events.head()
    const snapshot = await store.openSnapshot()
    try {
      // Written after the snapshot began: not in it, the replay after `seq` brings it.
      await write(store, { ...base, id: 'late', conversationId: 'c0' })
      await write(store, { ...base, id: 'late-new', conversationId: 'c9' })
      expect(snapshot.seq).toBe(head)
      expect(await store.events.head()).toBe(head + 2)
      expect((await snapshot.conversations()).map(({ id, version }) => [id, version])).toEqual([
        ['c0', 3],
        ['c1', 3],
        ['c2', 3],
      ])
      expect(Object.fromEntries(await snapshot.messageCounts())).toEqual({ c0: 3, c1: 3, c2: 3 })

      const ids = (page: readonly string[]): string[] => page.map((json) => (JSON.parse(json) as Message).id)
      const first = await snapshot.messages(0, 4, null)
      expect(ids(first.messages)).toEqual(['m0', 'm1', 'm2', 'm3'])
      const second = await snapshot.messages(first.next!, 4, null)
      expect(ids(second.messages)).toEqual(['m4', 'm5', 'm6', 'm7'])
      const third = await snapshot.messages(second.next!, 4, null)
      expect(ids(third.messages)).toEqual(['m8'])
      expect(third.next).toBeNull()

      const some = await snapshot.messages(0, 2, new Set(['c1']))
      expect(ids(some.messages)).toEqual(['m1', 'm4'])
      expect(ids((await snapshot.messages(some.next!, 2, new Set(['c1']))).messages)).toEqual(['m7'])
    } finally {
      await snapshot.close()
      await snapshot.close()
    }
  } finally {
    await store.close()
    remove()
  }
})
