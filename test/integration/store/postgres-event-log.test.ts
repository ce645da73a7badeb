import { expect, test } from '@playwright/test'
import pg from 'pg'
import type { RelayEvent } from '../../../common/relay/events.js'
import { startLogTail, type LogTail } from '../../../relay/store/postgres/log-tail.js'
import {
  createPostgresEventLog,
  type PostgresEventLog,
} from '../../../relay/store/postgres/postgres-event-log.js'
import { migratePostgres } from '../../../relay/store/postgres/migrate-postgres.js'
import { postgresForThisFile } from './postgres-for-this-file.js'

const postgresServer = postgresForThisFile()

/** Two relays' pools on one fresh, migrated database. */
async function twoRelays(): Promise<{ url: string; pools: pg.Pool[]; logs: PostgresEventLog[] }> {
  const url = await postgresServer().createDatabase()
  const pools = [
    new pg.Pool({ connectionString: url, max: 10 }),
    new pg.Pool({ connectionString: url, max: 10 }),
  ]
  await migratePostgres(pools[0]!)
  return { url, pools, logs: pools.map((pool) => createPostgresEventLog(pool)) }
}

/** A tag event carrying `marker`, as any commit would append one. */
function eventOf(marker: string) {
  return {
    type: 'tag.upserted',
    at: Date.now(),
    tag: { id: marker, name: marker, color: '#aa3300', accountKeys: [] },
  } as const
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

function collect(events: RelayEvent[]) {
  return (batch: readonly RelayEvent[]) => events.push(...batch)
}

test('a transaction that took a lower seq holds back a higher one until it commits', async () => {
  const { url, pools, logs } = await twoRelays()
  const seen: RelayEvent[] = []
  const tail = await startLogTail({ connectionString: url, log: logs[1]!, from: 0, deliver: collect(seen) })
  const first = await pools[0]!.connect()
  await first.query('BEGIN')
  const [one] = await logs[0]!.append(first, [eventOf('first')])
  expect(one?.seq).toBe(1)

  let isSecondDone = false
  const second = inTransaction(pools[1]!, (client) => logs[1]!.append(client, [eventOf('second')])).then(
    (appended) => {
      isSecondDone = true
      return appended
    },
  )
  await new Promise((resolve) => setTimeout(resolve, 300))
  // The second appender waits on the log's counter: it cannot take a number, let alone commit, first.
  expect(isSecondDone).toBe(false)
  expect(seen).toEqual([])
  await first.query('COMMIT')
  first.release()
  expect((await second).map((event) => event.seq)).toEqual([2])
  await tail.reached(2)
  expect(seen.map((event) => event.seq)).toEqual([1, 2])
  await tail.stop()
  await Promise.all(pools.map((pool) => pool.end()))
})

test('a rolled-back append leaves no number taken and wakes nobody', async () => {
  const { url, pools, logs } = await twoRelays()
  const seen: RelayEvent[] = []
  const tail = await startLogTail({ connectionString: url, log: logs[0]!, from: 0, deliver: collect(seen) })
  await expect(
    inTransaction(pools[0]!, async (client) => {
      await logs[0]!.append(client, [eventOf('undone'), eventOf('undone too')])
      throw new Error('the command was refused')
    }),
  ).rejects.toThrow('refused')
  expect(await logs[0]!.head()).toBe(0)
  const kept = await inTransaction(pools[1]!, (client) => logs[1]!.append(client, [eventOf('kept')]))
  expect(kept.map((event) => event.seq)).toEqual([1])
  await tail.reached(1)
  expect(seen.map((event) => (event as { tag: { id: string } }).tag.id)).toEqual(['kept'])
  await tail.stop()
  await Promise.all(pools.map((pool) => pool.end()))
})

test('writers on two relays racing: each relay’s tail hears every event once, in seq order', async () => {
  const { url, pools, logs } = await twoRelays()
  const heard: RelayEvent[][] = [[], []]
  const tails: LogTail[] = await Promise.all(
    logs.map((log, index) =>
      startLogTail({ connectionString: url, log, from: 0, deliver: collect(heard[index]!) }),
    ),
  )
  const WRITERS_PER_RELAY = 8
  const TRANSACTIONS_PER_WRITER = 15
  let written = 0
  const writers = pools.flatMap((pool, relay) =>
    Array.from({ length: WRITERS_PER_RELAY }, async (_, writer) => {
      for (let round = 0; round < TRANSACTIONS_PER_WRITER; round += 1) {
        const size = 1 + ((writer + round) % 3)
        const events = Array.from({ length: size }, (_, index) =>
          eventOf(`r${relay}w${writer}t${round}e${index}`),
        )
        await inTransaction(pool, async (client) => {
          // Work before the append, and a pause after it that holds the counter, as a real commit would.
          await client.query('SELECT pg_sleep(0.001)')
          await logs[relay]!.append(client, events)
          if (round % 4 === 0) await client.query('SELECT pg_sleep(0.002)')
        })
        written += size
      }
    }),
  )
  await Promise.all(writers)
  const head = await logs[0]!.head()
  expect(head).toBe(written)
  await Promise.all(tails.map((tail) => tail.reached(head)))
  const everySeq = Array.from({ length: written }, (_, index) => index + 1)
  for (const events of heard) {
    expect(events.map((event) => event.seq)).toEqual(everySeq)
    expect(new Set(events.map((event) => (event as { tag: { id: string } }).tag.id)).size).toBe(written)
  }
  expect(await logs[1]!.after(0, written + 10)).toEqual(heard[0])
  await Promise.all(tails.map((tail) => tail.stop()))
  await Promise.all(pools.map((pool) => pool.end()))
})

test('a tail whose connection is cut reconnects and delivers what was committed meanwhile', async () => {
  const { url, pools, logs } = await twoRelays()
  const seen: RelayEvent[] = []
  const errors: unknown[] = []
  const tail = await startLogTail({
    connectionString: url,
    log: logs[1]!,
    from: 0,
    deliver: collect(seen),
    pollMs: 60_000,
    onError: (error) => errors.push(error),
  })
  await inTransaction(pools[0]!, (client) => logs[0]!.append(client, [eventOf('before')]))
  await tail.reached(1)
  await pools[0]!.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
  )
  await inTransaction(pools[0]!, (client) => logs[0]!.append(client, [eventOf('during'), eventOf('after')]))
  await tail.reached(3)
  expect(seen.map((event) => event.seq)).toEqual([1, 2, 3])
  expect(errors.length).toBeGreaterThan(0)
  await tail.stop()
  await Promise.all(pools.map((pool) => pool.end()))
})
