import { expect, test } from '@playwright/test'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { RelayError } from '../../../../relay/relay-error.js'
import { openRelayStore } from '../../../../relay/store/relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

const tag = (id: string) => ({ id, name: id, color: '#112233' })

test('a commit publishes what it appended, a FULL one at once and a synced-later one before its answers', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const delivered: string[] = []
  const store = openRelayStore(dataDir, {
    publisher: { deliver: (events) => delivered.push(events.map((event) => event.seq).join(',')) },
  })
  try {
    const seq = store.commit((events) => {
      store.tags.insert(tag('full'), 'admin', 1)
      const event = store.events.append({ type: 'tag.upserted', at: 1, tag: tag('full') })
      events.push(event)
      return event.seq
    })
    expect(seq).toBe(1)
    expect(delivered).toEqual(['1'])
    expect(store.publisher.head()).toBe(1)

    const { result, synced } = store.commitSyncedLater((events) => {
      for (const id of ['a', 'b']) {
        store.tags.insert(tag(id), 'admin', 1)
        events.push(store.events.append({ type: 'tag.upserted', at: 1, tag: tag(id) }))
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
    store.close()
    remove()
  }
})

test('a commit that throws publishes nothing, and a commit may not hide inside another transaction', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const delivered: (readonly RelayEvent[])[] = []
  const store = openRelayStore(dataDir, { publisher: { deliver: (events) => delivered.push(events) } })
  try {
    expect(() =>
      store.commit((events) => {
        events.push(store.events.append({ type: 'tag.upserted', at: 1, tag: tag('refused') }))
        throw new RelayError('conflict', 'refused')
      }),
    ).toThrow(RelayError)
    expect(() =>
      store.commitSyncedLater((events) => {
        events.push(store.events.append({ type: 'tag.upserted', at: 1, tag: tag('refused') }))
        throw new RelayError('conflict', 'refused')
      }),
    ).toThrow(RelayError)
    expect(() => store.transaction(() => store.commit(() => undefined))).toThrow(/inside another transaction/)
    expect(store.events.head()).toBe(0)
    expect(delivered).toEqual([])
  } finally {
    store.close()
    remove()
  }
})
