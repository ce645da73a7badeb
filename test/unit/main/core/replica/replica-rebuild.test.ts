import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { RelayEvent } from '../../../../../common/relay/events.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaRebuild } from '../../../../../main/core/replica/replica-rebuild.js'
import { createReplicaStore, localMessageIdOf } from '../../../../../main/core/replica/replica-store.js'
import { createSearchIndex } from '../../../../../main/core/search/search-index.js'
import { conversationOf, createdEvents, messageOf } from '../replica-fixture.js'

const ME = 'agent'

function history(): RelayEvent[] {
  const events: RelayEvent[] = [
    ...createdEvents(['苹果一', '苹果二', '苹果三'], () => conversationOf('c1')),
    ...createdEvents(['香蕉'], () => conversationOf('c2'), 4),
  ]
  events.push({
    seq: 5,
    at: 5,
    type: 'tag.upserted',
    tag: { id: 't1', name: 'vip', color: '#ff0000', accountKeys: [] },
  })
  events.push({
    seq: 6,
    at: 6,
    type: 'user.upserted',
    user: {
      username: 'bo',
      displayName: 'Bo',
      role: 'agent',
      isDisabled: false,
      kfAccount: null,
      teamId: null,
    },
  })
  return events
}

test.describe('starting the replica over', () => {
  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-rebuild-'))
  })
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('drops the shared state, keeps drafts, the outbox and local messages, and puts read state back', () => {
    const database = openReplica(join(dir, 'replica.sqlite'))
    try {
      const store = createReplicaStore(database)
      const rebuild = createReplicaRebuild(database)
      const search = createSearchIndex(database)
      store.applyEvents(history(), ME)
      // A conversation the relay later lost.
      store.applyEvents(
        createdEvents(['幽灵'], () => conversationOf('c3'), 7),
        ME,
      )
      store.markRead('c1')
      store.markRead('c2')
      store.markUnread('c2')
      store.setDraft('c1', 'draft', 1)
      const pending = messageOf(localMessageIdOf('client-0001'), 'c1', 'on its way', 1_800_000_000_000, {
        direction: 'outgoing',
        status: 'pending',
        clientMessageId: 'client-0001',
        senderUsername: ME,
      })
      store.putMessage(pending)
      database
        .prepare(
          `INSERT INTO outbox (client_message_id, command, conversation_id, request, state, created_at, updated_at)
           VALUES ('client-0001', 'message:send', 'c1', '{}', 'queued', 1, 1)`,
        )
        .run()

      store.adoptLogId('log-before')
      // A cursor above 0 keeps its log: only a reset names another.
      expect(store.logId()).toBeNull()
      rebuild.reset('log-restored')
      expect(rebuild.isPending()).toBe(true)
      expect(store.cursor()).toBe(0)
      expect(store.logId()).toBe('log-restored')
      expect(store.counts()).toEqual({ conversations: 0, messages: 1 })
      expect(store.tags()).toEqual([])
      expect(store.users()).toEqual([])
      expect(store.draft('c1')).toBe('draft')
      expect(store.message(pending.id)).toEqual(pending)
      expect(database.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1)
      expect(search.search({ text: '苹果', limit: 10 })).toEqual([])

      // A second reset in the middle of the replay keeps what was saved the first time.
      store.applyEvents(history().slice(0, 2), ME)
      rebuild.reset('log-restored')

      // The replay from 0: the relay's history, then one line in c1 this agent has not seen.
      store.applyEvents(history(), ME)
      store.applyEvents(
        createdEvents(['新的'], () => conversationOf('c1'), 7),
        ME,
      )
      expect(store.inboxItems(['c1'])[0]!.unreadCount).toBe(4)
      expect(rebuild.finish(ME).sort()).toEqual(['c1', 'c2'])
      expect(rebuild.isPending()).toBe(false)

      expect(store.conversation('c3')).toBeNull()
      // c1 was read: only the new line is unread. c2 was read, then marked unread by hand.
      expect(store.inboxItems(['c1', 'c2']).map((item) => [item.unreadCount, item.hasDraft])).toEqual([
        [1, true],
        [1, false],
      ])
      expect(
        database.prepare("SELECT is_marked_unread FROM conversations WHERE id = 'c2'").pluck().get(),
      ).toBe(1)
      expect(store.tags().map((tag) => tag.id)).toEqual(['t1'])
      expect(search.search({ text: '苹果', limit: 10 })).toHaveLength(3)
      expect(rebuild.finish(ME)).toEqual([])
    } finally {
      database.close()
    }
  })

  test('my reply after the saved point clears the unread count and the hand-made mark', () => {
    const database = openReplica(join(dir, 'replica.sqlite'))
    try {
      const store = createReplicaStore(database)
      const rebuild = createReplicaRebuild(database)
      store.applyEvents(history(), ME)
      store.markUnread('c2')
      rebuild.reset('log-restored')
      store.applyEvents(history(), ME)
      const reply = messageOf('m-reply', 'c2', 'on it', 1_800_000_000_000, {
        direction: 'outgoing',
        senderUsername: ME,
      })
      const conversation = conversationOf('c2', {
        version: 9,
        lastMessage: {
          messageId: reply.id,
          direction: 'outgoing',
          text: 'on it',
          createdAt: reply.createdAt,
        },
      })
      store.applyEvents([{ seq: 7, at: 7, type: 'message.created', message: reply, conversation }], ME)
      rebuild.finish(ME)
      expect(store.inboxItems(['c2'])[0]!.unreadCount).toBe(0)
    } finally {
      database.close()
    }
  })
})
