import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { RelayEvent } from '../../common/relay/events.js'
import { startLogTail } from '../../relay/store/postgres/log-tail.js'
import { migratePostgres } from '../../relay/store/postgres/migrate-postgres.js'
import { createPostgresEventLog } from '../../relay/store/postgres/postgres-event-log.js'
import { openRelayStore } from '../../relay/store/sqlite-relay-store.js'
import { postgresBinDir, startPostgres } from '../support/postgres-server.js'
import { percentile } from './percentile.js'

/** Figures of the shared log: appends per second on each engine, and how soon another relay hears one. */
export interface LogBenchResult {
  readonly transactions: number
  readonly sqliteAppendsPerSecond: number
  readonly postgresOneRelayAppendsPerSecond: number
  readonly postgresTwoRelaysAppendsPerSecond: number
  /** COMMIT sent at one relay → the other relay's tail delivered its event. */
  readonly crossRelayP50Ms: number
  readonly crossRelayP99Ms: number
}

const TRANSACTIONS = 2_000
const WRITERS_PER_RELAY = 8
/** Every phase stops here whatever it reached: a load loop is bounded in time as well as count. */
const PHASE_LIMIT_MS = 30_000

const eventOf = (index: number) =>
  ({
    type: 'tag.upserted',
    at: Date.now(),
    tag: { id: `t${index}`, name: `t${index}`, color: '#aa3300', accountKeys: [] },
  }) as const

/**
 * The log's cost per engine, one event per transaction as a command commits it: SQLite's store commit
 * (one writer, `synchronous = FULL`), the baseline; PostgreSQL with the writers on one relay's pool, then
 * split over two relays' pools, each append serialised by the log's counter row. Beside it, the time from
 * a COMMIT sent at one relay to the other relay's tail delivering its event.
 */
export async function runLogBench(): Promise<LogBenchResult | null> {
  if (postgresBinDir() === null) {
    console.log('log: skipped, PostgreSQL binaries are not installed (apt-get install postgresql)')
    return null
  }
  const sqliteAppendsPerSecond = await sqlitePhase()
  const server = await startPostgres()
  try {
    const one = await postgresPhase(await server.createDatabase(), 1)
    const two = await postgresPhase(await server.createDatabase(), 2)
    const result: LogBenchResult = {
      transactions: TRANSACTIONS,
      sqliteAppendsPerSecond,
      postgresOneRelayAppendsPerSecond: one.perSecond,
      postgresTwoRelaysAppendsPerSecond: two.perSecond,
      crossRelayP50Ms: two.p50,
      crossRelayP99Ms: two.p99,
    }
    console.log(
      `log: ${TRANSACTIONS} single-event commits; SQLite (baseline) ${sqliteAppendsPerSecond}/s, ` +
        `PostgreSQL one relay ${one.perSecond}/s, two relays ${two.perSecond}/s; ` +
        `commit at one relay → the other relay's tail: p50 ${two.p50} ms, p99 ${two.p99} ms`,
    )
    return result
  } finally {
    await server.stop()
  }
}

async function sqlitePhase(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-log-bench-'))
  const store = openRelayStore(dataDir)
  try {
    const started = performance.now()
    let done = 0
    while (done < TRANSACTIONS && performance.now() - started < PHASE_LIMIT_MS) {
      await store.commit(async (tx, events) => events.push(await tx.events.append(eventOf(done))))
      done += 1
    }
    return Math.round(done / ((performance.now() - started) / 1000))
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function postgresPhase(
  url: string,
  relays: number,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const pools = Array.from(
    { length: relays },
    () => new pg.Pool({ connectionString: url, max: WRITERS_PER_RELAY }),
  )
  await migratePostgres(pools[0]!)
  const logs = pools.map((pool) => createPostgresEventLog(pool))
  const committedAt = new Map<number, number>()
  const latencies: number[] = []
  // The last relay's tail hears what the first relay's writers commit.
  const tail = await startLogTail({
    connectionString: url,
    log: logs[relays - 1]!,
    from: 0,
    deliver: (events: readonly RelayEvent[]) => {
      const now = performance.now()
      for (const event of events) {
        const at = committedAt.get(event.seq)
        if (at !== undefined) latencies.push(now - at)
      }
    },
  })
  const started = performance.now()
  let next = 0
  let done = 0
  try {
    await Promise.all(
      pools.flatMap((pool, relay) =>
        Array.from({ length: WRITERS_PER_RELAY }, async () => {
          while (next < TRANSACTIONS && performance.now() - started < PHASE_LIMIT_MS) {
            const index = next++
            const client = await pool.connect()
            try {
              await client.query('BEGIN')
              const [appended] = await logs[relay]!.append(client, [eventOf(index)])
              // Taken as the COMMIT is sent: the other relay may hear of it before this one is answered.
              if (relay === 0 && appended !== undefined) committedAt.set(appended.seq, performance.now())
              await client.query('COMMIT')
              done += 1
            } finally {
              client.release()
            }
          }
        }),
      ),
    )
    const perSecond = Math.round(done / ((performance.now() - started) / 1000))
    await tail.reached(await logs[0]!.head())
    const sorted = latencies.sort((a, b) => a - b)
    return {
      perSecond,
      p50: Number(percentile(sorted, 0.5).toFixed(1)),
      p99: Number(percentile(sorted, 0.99).toFixed(1)),
    }
  } finally {
    await tail.stop()
    await Promise.all(pools.map((pool) => pool.end()))
  }
}
