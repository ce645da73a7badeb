import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Message } from '../../../../../common/domain/message.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaRebuild } from '../../../../../main/core/replica/replica-rebuild.js'
import { createReplicaSnapshot } from '../../../../../main/core/replica/replica-snapshot.js'
import { createReplicaStore } from '../../../../../main/core/replica/replica-store.js'
import { createSearchIndex } from '../../../../../main/core/search/search-index.js'
import { conversationOf, messageOf } from '../replica-fixture.js'

const ME = 'agent'
/** More than two full multi-row statements, a remainder, and a reply in the middle of them. */
const COUNT = 620

function messagesOf(text: (index: number) => string): Message[] {
  return Array.from({ length: COUNT }, (_, index) =>
    messageOf(`m${index}`, `c${index % 7}`, text(index), 1_000 + index, {
      ...(index === 300 ? { direction: 'outgoing', clientMessageId: 'client-300' } : {}),
    }),
  )
}

test('a cold snapshot stores every message once, in page order, and a retaken snapshot overwrites them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-snapshot-writer-'))
  const database = openReplica(join(dir, 'replica.sqlite'))
  try {
    const store = createReplicaStore(database)
    const snapshot = createReplicaSnapshot(database, store, createReplicaRebuild(database))
    const conversations = Array.from({ length: 7 }, (_, index) => conversationOf(`c${index}`))
    const pageOf = (messages: Message[]) => ({
      conversations,
      messages: messages.map((message) => ({ message, json: JSON.stringify(message) })),
    })
    snapshot.begin()
    // Cut short: only the first messages, with texts the relay has since changed.
    expect(snapshot.applyPage(pageOf(messagesOf(() => '旧的内容').slice(0, 400)))).toBe(407)
    snapshot.begin()
    const messages = messagesOf((index) => (index === 555 ? '申请退款' : `消息 ${index}`))
    expect(snapshot.applyPage(pageOf(messages))).toBe(7 + COUNT)
    snapshot.end(1, ME)

    const rows = database
      .prepare<[], { id: string; json: string; client_message_id: string | null }>(
        'SELECT id, json, client_message_id FROM messages ORDER BY rowid',
      )
      .all()
    expect(rows.map((row) => row.id)).toEqual(messages.map((message) => message.id))
    expect(rows.map((row) => JSON.parse(row.json) as Message)).toEqual(messages)
    expect(rows.filter((row) => row.client_message_id !== null).map((row) => row.id)).toEqual(['m300'])
    const search = createSearchIndex(database)
    expect(search.search({ text: '退款', limit: 10 }).map((hit) => hit.messageId)).toEqual(['m555'])
    expect(search.search({ text: '旧的', limit: 10 })).toEqual([])
    expect(search.search({ text: '消息', limit: 1000 })).toHaveLength(COUNT - 1)
  } finally {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
