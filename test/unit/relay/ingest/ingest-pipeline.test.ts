import { expect, test } from '@playwright/test'
import type { InboundPush } from '../../../../common/domain/inbound.js'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { createIngestPipeline } from '../../../../relay/ingest/ingest-pipeline.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

const push = (msgId: string): InboundPush => ({
  accountKey: 'default',
  accountId: 'gh_x',
  openId: `o_${Number(msgId) % 3}`,
  createTime: 1_714_000_000,
  raw: { MsgId: msgId },
  kind: 'message',
  msgId,
  body: { type: 'text', text: msgId },
})

test('concurrent pushes share one commit; duplicates inside the group are stored once', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const commits: (readonly RelayEvent[])[] = []
  const store = openRelayStore(dataDir, { publisher: { deliver: (events) => commits.push(events) } })
  try {
    const pipeline = createIngestPipeline({ store })
    const outcomes = await Promise.all(['1', '2', '3', '2', '4'].map((id) => pipeline.submit(push(id))))
    expect(outcomes).toEqual(['stored', 'stored', 'stored', 'duplicate', 'stored'])
    expect(commits).toHaveLength(1)
    expect(commits[0]!.map((event) => event.seq)).toEqual([1, 2, 3, 4])
    expect(await pipeline.submit(push('1'))).toBe('duplicate')
    expect(await store.events.head()).toBe(4)
  } finally {
    await store.close()
    remove()
  }
})

test('a push that cannot be stored fails alone; its neighbours in the group are committed', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const pipeline = createIngestPipeline({ store })
    // A body JSON cannot encode (BigInt) stands in for any per-push failure inside the transaction.
    const poisoned = { ...push('9'), body: { type: 'text', text: 10n } } as unknown as InboundPush
    const results = await Promise.allSettled([
      pipeline.submit(push('7')),
      pipeline.submit(poisoned),
      pipeline.submit(push('8')),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await store.events.head()).toBe(2)
    // The failed push left no dedupe key behind: WeChat's retry can still store it.
    expect(await pipeline.submit(push('9'))).toBe('stored')
  } finally {
    await store.close()
    remove()
  }
})
