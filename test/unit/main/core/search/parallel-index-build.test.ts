import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Message } from '../../../../../common/domain/message.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaRebuild } from '../../../../../main/core/replica/replica-rebuild.js'
import { createReplicaSnapshot } from '../../../../../main/core/replica/replica-snapshot.js'
import { createReplicaStore, localMessageIdOf } from '../../../../../main/core/replica/replica-store.js'
import {
  startParallelIndexBuild,
  type ParallelIndexBuildOptions,
} from '../../../../../main/core/search/parallel-index-build.js'
import { createSearchIndex } from '../../../../../main/core/search/search-index.js'
import { conversationOf, messageOf } from '../replica-fixture.js'

const TEXTS = ['我要申请退款', '快递还没有发货', 'Where is my refund?', '发票抬头写错了', 'thanks, solved']
const QUERIES = ['退', '退款', '申请退款', '发货', 'refund', 'refu', 'solved', '发票', '罕见']

/** Pages of a cold snapshot: `pages` × `perPage` messages over a few conversations, texts cycling. */
function pagesOf(pages: number, perPage: number) {
  return Array.from({ length: pages }, (_, page) => ({
    conversations: page === 0 ? [conversationOf('c1'), conversationOf('c2'), conversationOf('c3')] : [],
    messages: Array.from({ length: perPage }, (_, index): { message: Message; json: string } => {
      const n = page * perPage + index
      const message = messageOf(
        `m${String(n).padStart(6, '0')}`,
        `c${(n % 3) + 1}`,
        TEXTS[n % TEXTS.length]!,
        n,
      )
      return { message, json: JSON.stringify(message) }
    }),
  }))
}

/** Takes the same cold snapshot into a new replica and answers what each query finds, and the index's health. */
function snapshotAndSearch(path: string, indexBuild: ParallelIndexBuildOptions) {
  const database = openReplica(path)
  try {
    const store = createReplicaStore(database)
    const snapshot = createReplicaSnapshot(database, store, createReplicaRebuild(database), indexBuild)
    snapshot.begin()
    for (const page of pagesOf(4, 300)) snapshot.applyPage(page)
    snapshot.end(7, 'agent')
    expect(store.isSearchIndexDeferred()).toBe(false)
    // Throws when FTS5 finds its index inconsistent.
    database.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 0)")
    const search = createSearchIndex(database)
    return QUERIES.map((text) =>
      search
        .search({ text, limit: 2_000 })
        .map((hit) => hit.messageId)
        .sort(),
    )
  } finally {
    database.close()
  }
}

test.describe('the search index of a cold snapshot built on another thread', () => {
  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-parallel-index-'))
  })
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('finds exactly what the index built on the main thread finds', () => {
    const parallel = snapshotAndSearch(join(dir, 'parallel.sqlite'), {})
    // A worker that cannot load: the main thread builds the index at the end, as without a worker.
    const serial = snapshotAndSearch(join(dir, 'serial.sqlite'), {
      workerUrl: new URL('./no-such-worker.js', import.meta.url),
    })
    expect(parallel).toEqual(serial)
    // Not vacuous: 1 200 messages, a fifth of them each text.
    expect(parallel[QUERIES.indexOf('退款')]).toHaveLength(240)
    expect(parallel[QUERIES.indexOf('refu')]).toHaveLength(240)
    expect(parallel[QUERIES.indexOf('发货')]).toHaveLength(240)
    expect(parallel[QUERIES.indexOf('罕见')]).toHaveLength(0)
  })

  test('the worker indexes every committed row and says where it stopped', () => {
    const database = openReplica(join(dir, 'replica.sqlite'))
    try {
      const store = createReplicaStore(database)
      store.deferSearchIndex()
      const [page] = pagesOf(1, 50)
      store.applySnapshotPage(page!)
      const build = startParallelIndexBuild(database.name)
      build.committed()
      expect(build.finishSync()).toBe(51)
      expect(createSearchIndex(database).search({ text: '退款', limit: 100 })).toHaveLength(10)
    } finally {
      database.close()
    }
  })

  test('a message of this desktop stored before the snapshot stays searchable after the swap', () => {
    const path = join(dir, 'replica.sqlite')
    const database = openReplica(path)
    try {
      const store = createReplicaStore(database)
      store.putConversation(conversationOf('c0'))
      // A reply written before the first snapshot: the replica holds no relay message, so the index waits.
      store.putMessage({
        ...messageOf(localMessageIdOf('client-1'), 'c0', '早到的退款', 0),
        direction: 'outgoing',
      })
      const snapshot = createReplicaSnapshot(database, store, createReplicaRebuild(database))
      snapshot.begin()
      expect(store.isSearchIndexDeferred()).toBe(true)
      // The relay lists the reply's conversation too: what a snapshot does not list is dropped at its end.
      for (const page of pagesOf(1, 10))
        snapshot.applyPage({ ...page, conversations: [conversationOf('c0'), ...page.conversations] })
      snapshot.end(3, 'agent')
      const search = createSearchIndex(database)
      expect(search.search({ text: '早到', limit: 10 }).map((hit) => hit.messageId)).toEqual([
        localMessageIdOf('client-1'),
      ])
      expect(search.search({ text: '退款', limit: 100 })).toHaveLength(3)
    } finally {
      database.close()
    }
  })
})
