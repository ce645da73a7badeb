import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { createGroupCommit } from '../../../../relay/conversations/group-commit.js'
import { RelayError } from '../../../../relay/relay-error.js'
import { openRelayStore } from '../../../../relay/store/relay-store.js'

const tag = (id: string) => ({ id, name: id, color: '#112233' })

test('commands of one tick share one commit and one publish; a refused one takes back only its own writes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-group-commit-'))
  const store = openRelayStore(dataDir)
  try {
    const published: (readonly RelayEvent[])[] = []
    const group = createGroupCommit(store, (events) => published.push(events))
    const upsert = (id: string, shouldRefuse = false) =>
      group.run((events) => {
        store.tags.insert(tag(id), 'admin', 1)
        events.push(store.events.append({ type: 'tag.upserted', at: 1, tag: tag(id) }))
        if (shouldRefuse) throw new RelayError('conflict', `refused ${id}`)
        return id
      })
    const results = await Promise.allSettled([upsert('first'), upsert('refused', true), upsert('third')])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(RelayError)
    expect(published).toHaveLength(1)
    expect(published[0]!.map((event) => (event.type === 'tag.upserted' ? event.tag.id : null))).toEqual([
      'first',
      'third',
    ])
    expect(
      store.tags
        .list()
        .map((stored) => stored.id)
        .sort(),
    ).toEqual(['first', 'third'])
    // The refused command's event was rolled back with it: the log has no hole.
    expect(store.events.after(0, 10).map((event) => event.seq)).toEqual([1, 2])
    await group.drain()
  } finally {
    store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
