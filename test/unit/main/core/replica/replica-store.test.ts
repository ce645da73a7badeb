import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaStore } from '../../../../../main/core/replica/replica-store.js'
import { conversationOf, createdEvents, messageOf } from '../replica-fixture.js'

test.describe('the replica store', () => {
  let dir: string
  let path: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-store-'))
    path = join(dir, 'replica.sqlite')
  })
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('applies events once: a replayed page changes nothing', () => {
    const database = openReplica(path)
    const store = createReplicaStore(database)
    const events = createdEvents(['一', '二', '三'], () => conversationOf('c1'))
    expect(store.applyEvents(events, 'agent').appliedCount).toBe(3)
    expect(store.applyEvents(events, 'agent').appliedCount).toBe(0)
    expect(
      store.applyEvents([...events, ...createdEvents(['四'], () => conversationOf('c1'), 4)], 'agent')
        .appliedCount,
    ).toBe(1)
    expect(store.cursor()).toBe(4)
    expect(store.counts()).toEqual({ conversations: 1, messages: 4 })
    expect(store.inboxPage(10)[0]!.unreadCount).toBe(4)
    database.close()
  })

  test('a conversation stored before the relay kept follows reads as of unknown origin', () => {
    const database = openReplica(path)
    const store = createReplicaStore(database)
    store.applyEvents(
      createdEvents(['一'], () => conversationOf('c1', { hasSeenFollow: true })),
      'agent',
    )
    expect(store.conversation('c1')?.hasSeenFollow).toBe(true)
    // As an older desktop stored it: the snapshot has no such field.
    database.prepare("UPDATE conversations SET json = json_remove(json, '$.hasSeenFollow')").run()
    expect(store.conversation('c1')?.hasSeenFollow).toBe(false)
    expect(store.inboxPage(10)[0]!.conversation.hasSeenFollow).toBe(false)
    expect(store.inboxItems(['c1'])[0]!.conversation.hasSeenFollow).toBe(false)
    database.close()
  })

  test('canned replies keep their picture; one stored before pictures (or accounts) reads as a text reply for every account', () => {
    const database = openReplica(path)
    const store = createReplicaStore(database)
    const image = { fileName: 'map.png', mimeType: 'image/png', byteLength: 2048 }
    // As a relay from before pictures logged it, then as today's relay does.
    const older = { id: 'r1', shortCode: 'hi', body: '您好', ownerUsername: null }
    const events = [
      { seq: 1, type: 'canned-response.upserted', at: 1, cannedResponse: older },
      {
        seq: 2,
        type: 'canned-response.upserted',
        at: 2,
        cannedResponse: { id: 'r2', shortCode: 'map', body: 'Our shop', ownerUsername: null, image },
      },
    ]
    store.applyEvents(events as unknown as Parameters<typeof store.applyEvents>[0], 'agent')
    database.prepare('UPDATE canned_responses SET json = ? WHERE id = ?').run(JSON.stringify(older), 'r1')
    expect(store.cannedResponses()).toEqual([
      { ...older, image: null, accountKeys: [] },
      { id: 'r2', shortCode: 'map', body: 'Our shop', ownerUsername: null, image, accountKeys: [] },
    ])
    database.close()
  })

  test('the cursor commits with the events or not at all', () => {
    const database = openReplica(path)
    const store = createReplicaStore(database)
    store.applyEvents(
      createdEvents(['一'], () => conversationOf('c1')),
      null,
    )
    database.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.id = 'm3' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    expect(() =>
      store.applyEvents(
        createdEvents(['二', '三'], () => conversationOf('c1'), 2),
        null,
      ),
    ).toThrow('disk full')
    expect(store.cursor()).toBe(1)
    expect(store.counts().messages).toBe(1)
    database.close()
  })

  test('read state is per agent: mark read, mark unread, and my reply clears it', () => {
    const store = createReplicaStore(openReplica(path))
    store.applyEvents(
      createdEvents(['在吗', '在吗？'], () => conversationOf('c1', { assignee: 'me' })),
      'me',
    )
    expect(store.inboxItems(['c1'])[0]!.unreadCount).toBe(2)
    expect(store.needingReplyCount('me')).toBe(1)
    store.markRead('c1')
    expect(store.inboxItems(['c1'])[0]!.unreadCount).toBe(0)
    store.markUnread('c1')
    expect(store.inboxItems(['c1'])[0]!.unreadCount).toBe(1)
    const reply = messageOf('m3', 'c1', '在的', 1_700_000_009_000, {
      direction: 'outgoing',
      senderUsername: 'me',
    })
    store.applyEvents(
      [
        {
          seq: 3,
          at: reply.createdAt,
          type: 'message.created',
          message: reply,
          conversation: conversationOf('c1', {
            assignee: 'me',
            version: 9,
            lastMessage: { messageId: 'm3', direction: 'outgoing', text: '在的', createdAt: reply.createdAt },
          }),
        },
      ],
      'me',
    )
    expect(store.inboxItems(['c1'])[0]!.unreadCount).toBe(0)
    expect(store.needingReplyCount('me')).toBe(0)
  })

  test('drafts and the cursor survive a restart', () => {
    const first = openReplica(path)
    const store = createReplicaStore(first)
    store.applyEvents(
      createdEvents(['你好'], () => conversationOf('c1')),
      null,
    )
    store.setDraft('c1', '稍等，我查一下', 1)
    first.close()
    const reopened = createReplicaStore(openReplica(path))
    expect(reopened.draft('c1')).toBe('稍等，我查一下')
    expect(reopened.inboxItems(['c1'])[0]!.hasDraft).toBe(true)
    expect(reopened.cursor()).toBe(1)
    reopened.setDraft('c1', '  ', 2)
    expect(reopened.inboxItems(['c1'])[0]!.hasDraft).toBe(false)
  })

  test('an older copy of a conversation never replaces a newer one', () => {
    const store = createReplicaStore(openReplica(path))
    store.putConversation(conversationOf('c1', { version: 5, assignee: 'winner' }))
    store.putConversation(conversationOf('c1', { version: 4, assignee: 'stale' }))
    expect(store.conversation('c1')!.assignee).toBe('winner')
  })

  test('a page writes each conversation once with the same outcome as event by event', () => {
    const pageStore = createReplicaStore(openReplica(path))
    const stepStore = createReplicaStore(openReplica(join(dir, 'step.sqlite')))
    const incoming = createdEvents(['在吗', '订单', '退款', '好的', '谢谢'], (index) =>
      conversationOf(index % 2 === 0 ? 'c1' : 'c2', { assignee: 'me' }),
    )
    const reply = messageOf('r1', 'c1', '在的', 1_700_000_002_500, {
      direction: 'outgoing',
      senderUsername: 'me',
    })
    const events = [
      ...incoming.slice(0, 3),
      {
        seq: 4,
        at: reply.createdAt,
        type: 'message.created' as const,
        message: reply,
        conversation: conversationOf('c1', { assignee: 'me', version: 4 }),
      },
      // A stale snapshot later in the page (version 1) must not replace version 4.
      {
        seq: 5,
        at: reply.createdAt,
        type: 'conversation.updated' as const,
        conversation: conversationOf('c1'),
      },
      ...createdEvents(
        ['好的', '谢谢'],
        (index) => conversationOf(index === 0 ? 'c1' : 'c2', { assignee: 'me' }),
        6,
      ),
    ]
    const whole = pageStore.applyEvents(events, 'me')
    for (const event of events) stepStore.applyEvents([event], 'me')
    expect(whole.newConversationIds).toEqual(new Set(['c1', 'c2']))
    expect(whole.conversations.get('c1')!.version).toBe(6)
    const summary = (store: typeof pageStore) =>
      store.inboxItems(['c1', 'c2']).map((item) => [item.conversation, item.unreadCount])
    expect(summary(pageStore)).toEqual(summary(stepStore))
    // c1: 在吗 and 退款 read by my reply, then 好的 → 1; c2: 订单 and 谢谢 → 2.
    expect(summary(pageStore).map(([, unread]) => unread)).toEqual([1, 2])
    expect(
      pageStore.inboxItems(['c2', 'c1'], whole.conversations).map((item) => item.conversation.id),
    ).toEqual(['c2', 'c1'])
    expect(pageStore.counts()).toEqual(stepStore.counts())
  })

  test('pages of messages and of the inbox come from indexes', () => {
    const database = openReplica(path)
    const store = createReplicaStore(database)
    store.applyEvents(
      createdEvents(['1', '2', '3', '4', '5'], (index) => conversationOf(`c${index % 2}`)),
      null,
    )
    expect(store.messages('c0', undefined, 2).map((message) => message.id)).toEqual(['m3', 'm5'])
    expect(store.messages('c0', 'm3', 2).map((message) => message.id)).toEqual(['m1'])
    const plans = [
      "EXPLAIN QUERY PLAN SELECT json FROM messages WHERE conversation_id = 'c0' ORDER BY created_at DESC, rowid DESC LIMIT 50",
      'EXPLAIN QUERY PLAN SELECT c.json FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id ORDER BY c.last_activity_at DESC, c.id LIMIT 50',
    ].map((sql) =>
      database
        .prepare(sql)
        .all()
        .map((row) => (row as { detail: string }).detail)
        .join(' | '),
    )
    expect(plans[0]).toContain('USING INDEX messages_by_conversation')
    expect(plans[1]).toContain('USING INDEX conversations_by_activity')
    expect(plans.join(' ')).not.toContain('TEMP B-TREE')
  })
})
