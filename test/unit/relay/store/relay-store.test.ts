import { expect, test } from '@playwright/test'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { RelayError } from '../../../../relay/relay-error.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

const tag = (id: string) => ({ id, name: id, color: '#112233', accountKeys: [] })

test('a commit publishes what it appended, a FULL one at once and a synced-later one before its answers', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const delivered: string[] = []
  const store = openRelayStore(dataDir, {
    publisher: { deliver: (events) => delivered.push(events.map((event) => event.seq).join(',')) },
  })
  try {
    const seq = await store.commit(async (tx, events) => {
      await tx.tags.insert(tag('full'), 'admin', 1)
      const event = await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag('full') })
      events.push(event)
      return event.seq
    })
    expect(seq).toBe(1)
    expect(delivered).toEqual(['1'])
    expect(store.publisher.head()).toBe(1)

    const { result, synced } = await store.commitSyncedLater(async (tx, events) => {
      for (const id of ['a', 'b']) {
        await tx.tags.insert(tag(id), 'admin', 1)
        events.push(await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag(id) }))
      }
      return 'grouped'
    })
    expect(result).toBe('grouped')
    // Not before its fsync: a power cut now could still take the two events back.
    expect(delivered).toEqual(['1'])
    const answered = synced.then(() => [...delivered])
    expect(await answered).toEqual(['1', '2,3'])
    await store.publisher.published(3)
  } finally {
    await store.close()
    remove()
  }
})

test('a commit that throws publishes nothing and leaves nothing in the log', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const delivered: (readonly RelayEvent[])[] = []
  const store = openRelayStore(dataDir, { publisher: { deliver: (events) => delivered.push(events) } })
  try {
    await expect(
      store.commit(async (tx, events) => {
        events.push(await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag('refused') }))
        throw new RelayError('conflict', 'refused')
      }),
    ).rejects.toThrow(RelayError)
    await expect(
      store.commitSyncedLater(async (tx, events) => {
        events.push(await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag('refused') }))
        throw new RelayError('conflict', 'refused')
      }),
    ).rejects.toThrow(RelayError)
    expect(await store.events.head()).toBe(0)
    expect(delivered).toEqual([])
  } finally {
    await store.close()
    remove()
  }
})
