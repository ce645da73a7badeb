import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaStore } from '../../../../../main/core/replica/replica-store.js'
import { matchExpressionOf } from '../../../../../main/core/search/cjk-text.js'
import {
  CONVERSATION_SEARCH_SQL,
  createSearchIndex,
  SEARCH_SQL,
} from '../../../../../main/core/search/search-index.js'
import { conversationOf, createdEvents } from '../replica-fixture.js'

const TEXTS = [
  '你好，我想申请退款', // c0
  '什么时候发货？', // c1
  '订单号是 20240518', // c2
  'Refund please, my order never arrived', // c0
  '退货退款都可以吗', // c1
  '订单 单号分开写', // c2: 订单号 must not match across the space
  'Ich möchte eine Rückerstattung', // c0
]

test.describe('search over the replica', () => {
  let dir: string
  let search: ReturnType<typeof createSearchIndex>
  let database: ReturnType<typeof openReplica>

  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-search-'))
    database = openReplica(join(dir, 'replica.sqlite'))
    const store = createReplicaStore(database)
    store.applyEvents(
      createdEvents(TEXTS, (index) =>
        conversationOf(`c${index % 3}`, { tagIds: index % 3 === 1 ? ['shipping'] : [] }),
      ),
      null,
    )
    search = createSearchIndex(database)
  })

  test.afterAll(() => {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const ids = (text: string, filters: object = {}) =>
    search.search({ text, limit: 50, ...filters }).map((hit) => hit.messageId)

  test('finds Chinese terms of one to four characters, newest first', () => {
    expect(ids('退')).toEqual(['m5', 'm1'])
    expect(ids('退款')).toEqual(['m5', 'm1'])
    expect(ids('发货')).toEqual(['m2'])
    expect(ids('订单号')).toEqual(['m3'])
    expect(ids('申请退款')).toEqual(['m1'])
    expect(ids('退货退款')).toEqual(['m5'])
    expect(ids('退单')).toEqual([])
  })

  test('finds English by word prefix and ignores case and accents', () => {
    expect(ids('refund')).toEqual(['m4'])
    expect(ids('ORDER nev')).toEqual(['m4'])
    expect(ids('ruckerstattung')).toEqual(['m7'])
    expect(ids('20240518')).toEqual(['m3'])
  })

  test('filters by conversation, tag and date', () => {
    expect(ids('退款', { conversationId: 'c0' })).toEqual(['m1'])
    expect(ids('退款', { tagId: 'shipping' })).toEqual(['m5'])
    expect(ids('退款', { fromTime: 1_700_000_000_000 + 2000 })).toEqual(['m5'])
    expect(ids('退款', { toTime: 1_700_000_000_000 + 2000 })).toEqual(['m1'])
  })

  test('every query is answered from the FTS index, never a scan of the messages', () => {
    for (const text of ['退', '退款', '订单号', '申请退款', 'refund']) {
      const plan = database
        .prepare(`EXPLAIN QUERY PLAN ${SEARCH_SQL}`)
        .all({
          match: matchExpressionOf(text),
          conversationId: 'c0',
          tagId: 'shipping',
          fromTime: 0,
          toTime: 1e15,
          limit: 50,
        })
        .map((row) => (row as { detail: string }).detail)
      expect(plan[0]).toMatch(/^SCAN messages_fts VIRTUAL TABLE INDEX \d+:M/)
      expect(plan).toContain('SEARCH m USING INTEGER PRIMARY KEY (rowid=?)')
      expect(plan.filter((detail) => /^SCAN (m|messages)\b/.test(detail))).toEqual([])
    }
    // Inside one conversation: that conversation's messages by index, each probed in FTS by rowid.
    const inConversation = database
      .prepare(`EXPLAIN QUERY PLAN ${CONVERSATION_SEARCH_SQL}`)
      .all({
        match: matchExpressionOf('退款'),
        conversationId: 'c0',
        tagId: null,
        fromTime: null,
        toTime: null,
        limit: 50,
      })
      .map((row) => (row as { detail: string }).detail)
    expect(inConversation[0]).toBe('SEARCH m USING INDEX messages_by_conversation (conversation_id=?)')
    expect(inConversation.at(-1)).toMatch(/^SCAN messages_fts VIRTUAL TABLE INDEX \d+:=M/)
    // The FTS table answers a bigram phrase from its index: it reports a match, not a full scan.
    const bigramHits = database
      .prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH \'bigrams : "退款"\'')
      .get() as { n: number }
    expect(bigramHits.n).toBe(2)
  })
})
