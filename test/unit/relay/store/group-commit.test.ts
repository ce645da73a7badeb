import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { RelayError } from '../../../../relay/relay-error.js'
import { createGroupCommit } from '../../../../relay/store/group-commit.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'

const tag = (id: string) => ({ id, name: id, color: '#112233', accountKeys: [] })

test('savepoints: work of one tick shares one commit and one publish; a refused one takes back only its own writes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-group-commit-'))
  const published: (readonly RelayEvent[])[] = []
  const store = openRelayStore(dataDir, { publisher: { deliver: (events) => published.push(events) } })
  try {
    const group = createGroupCommit(store, { isolation: 'savepoint' })
    const upsert = (id: string, shouldRefuse = false) =>
      group.run(async (tx, events) => {
        await tx.tags.insert(tag(id), 'admin', 1)
        events.push(await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag(id) }))
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
    expect((await store.tags.list()).map((stored) => stored.id).sort()).toEqual(['first', 'third'])
    // The refused command's event was rolled back with it: the log has no hole.
    expect((await store.events.after(0, 10)).map((event) => event.seq)).toEqual([1, 2])
    await group.drain()
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('retry-alone: a group commits whole, and when one piece throws the others are committed one by one', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-group-commit-'))
  const published: (readonly RelayEvent[])[] = []
  const store = openRelayStore(dataDir, { publisher: { deliver: (events) => published.push(events) } })
  try {
    const group = createGroupCommit(store, { isolation: 'retry-alone' })
    const upsert = (id: string, shouldRefuse = false) =>
      group.run(async (tx, events) => {
        await tx.tags.insert(tag(id), 'admin', 1)
        events.push(await tx.events.append({ type: 'tag.upserted', at: 1, tag: tag(id) }))
        if (shouldRefuse) throw new RelayError('conflict', `refused ${id}`)
        return id
      })
    expect(await Promise.all([upsert('a'), upsert('b')])).toEqual(['a', 'b'])
    expect(published.map((events) => events.length)).toEqual([2])
    const results = await Promise.allSettled([upsert('c'), upsert('refused', true), upsert('d')])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    // The failed group left nothing; its good pieces went again alone, one commit (and publish) each.
    expect(published.map((events) => events.length)).toEqual([2, 1, 1])
    expect((await store.events.after(0, 10)).map((event) => event.seq)).toEqual([1, 2, 3, 4])
    await group.drain()
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
