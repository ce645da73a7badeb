import { expect, test } from '@playwright/test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { openRelayStore, DATABASE_FILE_NAME } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

test('a commit is visible at once, synced later, and the connection stays synchronous = FULL', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const { result, synced } = await store.commitSyncedLater(
      async (tx) => await tx.inboundPushes.claim('msg:1', 1),
    )
    expect(result).toBe(true)
    // Committed before the fsync: the same connection (and so the hub's replay) already reads it.
    expect(await store.inboundPushes.claim('msg:1', 2)).toBe(false)
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2)
    await synced
    expect(statSync(join(dataDir, `${DATABASE_FILE_NAME}-wal`)).size).toBeGreaterThan(0)
  } finally {
    await store.close()
    remove()
  }
})

test('many commits at once share the fsyncs in flight and all resolve', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const commits = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.commitSyncedLater(async (tx) => await tx.inboundPushes.claim(`msg:${index}`, index)),
      ),
    )
    expect(commits.every((commit) => commit.result)).toBe(true)
    await Promise.all(commits.map((commit) => commit.synced))
  } finally {
    await store.close()
    remove()
  }
})

test('a transaction that throws rolls back and leaves FULL in place', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    await expect(
      store.commitSyncedLater(async (tx) => {
        await tx.inboundPushes.claim('msg:rolled-back', 1)
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await store.inboundPushes.claim('msg:rolled-back', 2)).toBe(true)
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2)
  } finally {
    await store.close()
    remove()
  }
})
