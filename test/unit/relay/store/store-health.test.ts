import { expect, test } from '@playwright/test'
import { fdatasync } from 'node:fs'
import { pino } from 'pino'
import type { RelayLogger } from '../../../../relay/logger.js'
import { createRelayMetrics } from '../../../../relay/metrics.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import {
  createStoreHealth,
  storeFailureKindOf,
  StoreUnavailableError,
} from '../../../../relay/store/store-health.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

interface LogRecord {
  readonly level: number
  readonly msg: string
}

function collectingLogger(): { logger: RelayLogger; records: LogRecord[] } {
  const records: LogRecord[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line)) })
  return { logger, records }
}

async function until(condition: () => boolean): Promise<void> {
  // Bounded: the probe runs every 20 ms here.
  for (let round = 0; round < 250 && !condition(); round += 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
}

test('SQLITE_FULL: refused as unavailable and rolled back whole, counted each time, logged once, probed back', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const { logger, records } = collectingLogger()
  const metrics = createRelayMetrics()
  const store = openRelayStore(dataDir, {
    health: { logger, failures: metrics.storeFailures, writable: metrics.storeWritable, probeIntervalMs: 20 },
  })
  try {
    // SQLite's own cap on the file's size: a real SQLITE_FULL, without a full filesystem.
    const pages = store.database.pragma('page_count', { simple: true }) as number
    store.database.pragma(`max_page_count = ${pages}`)
    const big = (index: number): string => `${index}:${'x'.repeat(20_000)}`
    let refusal: unknown = null
    try {
      await store.transaction(async (tx) => {
        await tx.inboundPushes.claim('msg:small', 1)
        await tx.inboundPushes.claim(big(0), 1)
      })
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(StoreUnavailableError)
    expect((refusal as StoreUnavailableError).code).toBe('unavailable')
    expect((refusal as StoreUnavailableError).kind).toBe('full')
    expect(((refusal as StoreUnavailableError).cause as { code: string }).code).toBe('SQLITE_FULL')
    expect(store.health.state).toBe('failing')
    await expect(
      store.commitSyncedLater(async (tx) => await tx.inboundPushes.claim(big(1), 1)),
    ).rejects.toThrow(StoreUnavailableError)
    const counted = (await metrics.storeFailures.get()).values
    expect(counted).toEqual([expect.objectContaining({ labels: { kind: 'full' }, value: 2 })])
    expect((await metrics.storeWritable.get()).values[0]!.value).toBe(0)
    expect(records.filter((record) => record.level >= 50)).toHaveLength(1)

    store.database.pragma('max_page_count = 1000000')
    await until(() => store.health.state === 'writable')
    expect(store.health.state).toBe('writable')
    expect(records.at(-1)?.msg).toBe('store writes again')
    expect((await metrics.storeWritable.get()).values[0]!.value).toBe(1)
    // The small claim went with its transaction: the retry of that push is stored now.
    expect(await store.transaction(async (tx) => await tx.inboundPushes.claim('msg:small', 2))).toBe(true)
    // The probe leaves nothing behind.
    expect(store.database.prepare('SELECT count(*) FROM inbound_pushes').pluck().get()).toBe(1)
  } finally {
    await store.close()
    remove()
  }
})

test('a failed fdatasync is sticky: the store refuses every later write and asks once to be restarted', async () => {
  const { logger, records } = collectingLogger()
  let probes = 0
  let restarts = 0
  let askRestart!: (error: StoreUnavailableError) => void
  const restartAsked = new Promise<StoreUnavailableError>((resolve) => (askRestart = resolve))
  const health = createStoreHealth(async () => void (probes += 1), {
    logger,
    probeIntervalMs: 20,
    onFailed: (error) => {
      restarts += 1
      askRestart(error)
    },
  })
  try {
    // A real fdatasync failing (on a descriptor no file holds): the kernel's error, as fsyncgate would give it.
    const synced = new Promise<void>((resolve, reject) =>
      fdatasync(2 ** 30, (error) => (error === null ? resolve() : reject(error))),
    )
    const refusal = await health.durable(synced).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refusal).toBeInstanceOf(StoreUnavailableError)
    expect((refusal as StoreUnavailableError).kind).toBe('sync')
    expect(health.state).toBe('failed')
    let ran = false
    await expect(health.write(async () => (ran = true), false)).rejects.toThrow(StoreUnavailableError)
    expect(ran).toBe(false)
    expect(health.state).toBe('failed')
    expect((await restartAsked).message).toContain('restarting')
    expect(restarts).toBe(1)
    expect(probes).toBe(0)
    expect(records.filter((record) => record.level >= 50).map((record) => record.level)).toEqual([60])
  } finally {
    health.close()
  }
})

test('disk errors are told apart from the rest by their code', () => {
  const kinds = [
    'SQLITE_FULL',
    'ENOSPC',
    'SQLITE_IOERR_WRITE',
    'EIO',
    'SQLITE_IOERR_FSYNC',
    'SQLITE_CANTOPEN',
    'SQLITE_READONLY',
    'SQLITE_CONSTRAINT_UNIQUE',
    'SQLITE_BUSY',
  ].map((code) => storeFailureKindOf(Object.assign(new Error(code), { code })))
  expect(kinds).toEqual(['full', 'full', 'io', 'io', 'sync', 'cantopen', 'readonly', null, null])
  expect(storeFailureKindOf(new Error('no code'))).toBeNull()
  expect(storeFailureKindOf(null)).toBeNull()
})

test("a database out of reach is told apart from a query's own errors", () => {
  const kinds = ['ECONNREFUSED', 'ECONNRESET', '08006', '57P01', '23505', '40P01'].map((code) =>
    storeFailureKindOf(Object.assign(new Error(code), { code })),
  )
  expect(kinds).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable', null, null])
  expect(storeFailureKindOf(new Error('Connection terminated unexpectedly'))).toBe('unreachable')
})
