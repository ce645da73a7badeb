import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Message } from '../../../../../common/domain/message.js'
import type { RelayEvent } from '../../../../../common/relay/events.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaRebuild } from '../../../../../main/core/replica/replica-rebuild.js'
import { createReplicaSnapshot } from '../../../../../main/core/replica/replica-snapshot.js'
import {
  createReplicaStore,
  localMessageIdOf,
  type ValidatedSnapshotPage,
} from '../../../../../main/core/replica/replica-store.js'
import { createSearchIndex } from '../../../../../main/core/search/search-index.js'
import { conversationOf, createdEvents, messageOf } from '../replica-fixture.js'

const ME = 'agent'

const stored = (...messages: Message[]): ValidatedSnapshotPage['messages'] =>
  messages.map((message) => ({ message, json: JSON.stringify(message) }))

function openAll(dir: string) {
  const database = openReplica(join(dir, 'replica.sqlite'))
  const store = createReplicaStore(database)
  const rebuild = createReplicaRebuild(database)
  return { database, store, snapshot: createReplicaSnapshot(database, store, rebuild), rebuild }
}

test.describe('taking a snapshot into the replica', () => {
  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-snapshot-'))
  })
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('a cold replica: rows and index filled, unread is what awaits a reply, the cursor moves only at the end', () => {
    const { database, store, snapshot } = openAll(dir)
    try {
      snapshot.begin()
      const waiting = conversationOf('c1', { unansweredCount: 3, tagIds: ['t1'], version: 9 })
      const resolved = conversationOf('c2', { unansweredCount: 2, status: 'resolved' })
      const count = snapshot.applyPage({
        conversations: [waiting, resolved],
        messages: stored(messageOf('m1', 'c1', '我要退款', 1), messageOf('m2', 'c2', 'thanks', 2)),
        tags: [{ id: 't1', name: 'vip', color: '#f00', accountKeys: [] }],
        cannedResponses: [
          {
            id: 'r1',
            shortCode: 'hi',
            body: '您好',
            ownerUsername: null,
            image: null,
            accountKeys: [],
            card: null,
          },
        ],
        users: [
          {
            username: ME,
            displayName: 'Me',
            role: 'agent',
            isDisabled: false,
            kfAccount: null,
            teamId: null,
          },
        ],
      })
      expect(count).toBe(4)
      expect(store.cursor()).toBe(0)
      expect(
        database
          .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'messages_by_conversation'")
          .pluck()
          .get(),
      ).toBe(0)
      snapshot.applyPage({ conversations: [], messages: stored(messageOf('m3', 'c1', '还没发货', 3)) })
      snapshot.end(42, ME)
      expect(store.cursor()).toBe(42)
      expect(store.counts()).toEqual({ conversations: 2, messages: 3 })
      expect(store.conversation('c1')).toEqual(waiting)
      const unread = new Map(store.inboxPage(10).map((item) => [item.conversation.id, item.unreadCount]))
      expect(unread).toEqual(
        new Map([
          ['c1', 3],
          ['c2', 0],
        ]),
      )
      expect(store.tags()).toEqual([{ id: 't1', name: 'vip', color: '#f00', accountKeys: [] }])
      // Built at the end, the same index the schema declares.
      const indexSql = (db: typeof database): unknown =>
        db.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_by_conversation'").pluck().get()
      const fresh = openReplica(join(dir, 'fresh.sqlite'))
      expect(indexSql(database)).toBe(indexSql(fresh))
      fresh.close()
      const search = createSearchIndex(database)
      expect(search.search({ text: '退款', limit: 10 }).map((hit) => hit.messageId)).toEqual(['m1'])
      expect(search.search({ text: '发货', tagId: 't1', limit: 10 }).map((hit) => hit.messageId)).toEqual([
        'm3',
      ])
    } finally {
      database.close()
    }
  })

  test('a cold snapshot builds the search index at its end, or at the next open when it was cut short', () => {
    const first = openAll(dir)
    const search = (database: typeof first.database, text: string): string[] =>
      createSearchIndex(database)
        .search({ text, limit: 10 })
        .map((hit) => hit.messageId)
    try {
      first.snapshot.begin()
      first.snapshot.applyPage({
        conversations: [conversationOf('c1')],
        messages: stored(messageOf('m1', 'c1', '我要退款', 1), messageOf('m2', 'c1', 'refund please', 2)),
      })
      expect(first.store.isSearchIndexDeferred()).toBe(true)
      expect(search(first.database, '退款')).toEqual([])
    } finally {
      // Cut short: the app quits before the snapshot's end.
      first.database.close()
    }
    const second = openAll(dir)
    try {
      expect(second.store.isSearchIndexDeferred()).toBe(false)
      expect(search(second.database, '退款')).toEqual(['m1'])
      expect(search(second.database, 'refund')).toEqual(['m2'])
      // The snapshot again, over a replica that now has relay messages: indexed row by row, once each.
      second.snapshot.begin()
      expect(second.store.isSearchIndexDeferred()).toBe(false)
      second.snapshot.applyPage({
        conversations: [conversationOf('c1')],
        messages: stored(messageOf('m1', 'c1', '我要退款', 1), messageOf('m3', 'c1', '退款到账了', 3)),
      })
      second.snapshot.end(7, ME)
      expect(search(second.database, '退款')).toEqual(['m3', 'm1'])
      // Live operation afterwards: an edited text is found by its new words only.
      second.store.putMessage(messageOf('m2', 'c1', '发货了吗', 2))
      expect(search(second.database, 'refund')).toEqual([])
      expect(search(second.database, '发货')).toEqual(['m2'])
    } finally {
      second.database.close()
    }
  })

  test('a replica far behind keeps its read state, drafts and pending replies; sets are replaced whole', () => {
    const { database, store, snapshot } = openAll(dir)
    try {
      const history = [
        ...createdEvents(['一', '二'], () => conversationOf('c1')),
        ...createdEvents(['三'], () => conversationOf('c2'), 4),
      ]
      store.applyEvents(
        [
          ...history,
          {
            seq: 5,
            at: 5,
            type: 'tag.upserted',
            tag: { id: 'gone', name: 'old', color: '#000', accountKeys: [] },
          },
        ],
        ME,
      )
      store.markRead('c1')
      store.markUnread('c2')
      store.setDraft('c1', 'draft', 1)
      const pending = messageOf(localMessageIdOf('x1'), 'c1', 'on its way', 10, {
        direction: 'outgoing',
        status: 'pending',
        clientMessageId: 'x1',
        senderUsername: ME,
      })
      store.putMessage(pending)

      snapshot.begin()
      // A cut-short attempt, then the snapshot again: begin keeps the read state saved the first time.
      snapshot.applyPage({
        conversations: [conversationOf('c1', { unansweredCount: 4, version: 20 })],
        messages: [],
      })
      snapshot.begin()
      const c1 = conversationOf('c1', { unansweredCount: 1, version: 21 })
      const c2 = conversationOf('c2', { unansweredCount: 1, version: 4 })
      snapshot.applyPage({
        conversations: [c1, c2],
        messages: stored(
          ...history.map((event) => (event as RelayEvent & { message: Message }).message),
          messageOf('m9', 'c1', 'new since', 1_700_000_009_000),
        ),
        tags: [],
        cannedResponses: [],
        users: [],
      })
      snapshot.end(30, ME)

      expect(store.cursor()).toBe(30)
      const inbox = new Map(store.inboxPage(10).map((item) => [item.conversation.id, item]))
      // c1 was read here; one line came in since. c2 stays marked unread.
      expect(inbox.get('c1')).toMatchObject({ unreadCount: 1, hasDraft: true, conversation: c1 })
      expect(inbox.get('c2')).toMatchObject({ unreadCount: 1, conversation: c2 })
      expect(store.message(pending.id)).toEqual(pending)
      expect(store.tags()).toEqual([])
      expect(store.counts()).toEqual({ conversations: 2, messages: 5 })
    } finally {
      database.close()
    }
  })
})
