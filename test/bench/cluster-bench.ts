/**
 * Several relays on PostgreSQL (issue 12): safe-mode ingest into one SQLite relay, one PostgreSQL relay
 * and two PostgreSQL relays sharing the load, in the same run; then webhook → agent latency at a fixed
 * rate with the agents split over two relays (pushes to one), beside the same with one relay.
 */
import { fileURLToPath } from 'node:url'
import type { Relay } from '../../relay/app.js'
import { signIn, startTestRelay, temporaryDataDir } from '../integration/relay/relay-fixture.js'
import { TEST_WECHAT_ENVIRONMENT } from '../integration/relay/push-builder.js'
import { postgresBinDir, startPostgres } from '../support/postgres-server.js'
import {
  FANOUT_CLIENTS,
  FANOUT_PROCESSES,
  FANOUT_RATE,
  format,
  load,
  printFanout,
  measureFanout,
  type FanoutFigures,
  type LoadFigures,
} from './ingest-bench.js'

const PHASE_SECONDS = Number(process.env['BENCH_PHASE_SECONDS'] ?? 8)
const CONNECTIONS = 64
const POOL_SIZE = 80_000

interface IngestPhase {
  readonly requestsPerSecond: number
  readonly p99: number
  readonly non2xx: number
  readonly stored: number
}

/** Starts `count` relays on `databaseUrl` (SQLite when null); `run` gets them, they close after. */
async function withRelays<T>(
  databaseUrl: string | null,
  count: number,
  run: (relays: readonly Relay[]) => Promise<T>,
): Promise<T> {
  const dirs = Array.from({ length: count }, () => temporaryDataDir())
  const environment = {
    ...TEST_WECHAT_ENVIRONMENT,
    ...(databaseUrl === null ? {} : { RELAY_DATABASE_URL: databaseUrl }),
  }
  const relays: Relay[] = []
  try {
    for (const dir of dirs) relays.push(await startTestRelay(dir.dataDir, environment))
    return await run(relays)
  } finally {
    await Promise.all(relays.map((relay) => relay.close()))
    for (const dir of dirs) dir.remove()
  }
}

/** The load generator's connections split over the relays, each with its own MsgIds; figures summed. */
async function ingest(relays: readonly Relay[]): Promise<IngestPhase> {
  const phases: LoadFigures[] = await Promise.all(
    relays.map((relay, index) =>
      load({
        url: relay.url,
        connections: CONNECTIONS / relays.length,
        durationSeconds: PHASE_SECONDS,
        poolSize: POOL_SIZE,
        msgIdBase: `8${index + 1}`,
      }),
    ),
  )
  return {
    requestsPerSecond: phases.reduce((sum, phase) => sum + phase.requestsPerSecond, 0),
    p99: Math.max(...phases.map((phase) => phase.p99)),
    non2xx: phases.reduce((sum, phase) => sum + phase.non2xx, 0),
    stored: await relays[0]!.store.events.head(),
  }
}

async function fanout(relays: readonly Relay[], msgIdBase: string): Promise<FanoutFigures> {
  const [first] = relays
  const token = await signIn(first!.url)
  const cursor = await first!.store.events.head()
  return measureFanout(
    {
      url: first!.url,
      target: 'relay',
      token,
      cursor,
      logId: first!.store.logId,
      listenerUrls: Array.from(
        { length: FANOUT_PROCESSES },
        (_, index) => relays[index % relays.length]!.url,
      ),
    },
    msgIdBase,
  )
}

export async function runClusterBench(): Promise<unknown> {
  if (postgresBinDir() === null) {
    console.log('cluster: skipped, PostgreSQL binaries are not installed (apt-get install postgresql)')
    return null
  }
  const server = await startPostgres()
  try {
    console.log(
      `cluster ingest: ${CONNECTIONS} connections in all, ${PHASE_SECONDS} s each, safe-mode pushes`,
    )
    const phases: [string, IngestPhase][] = [
      ['SQLite, one relay', await withRelays(null, 1, ingest)],
      ['PostgreSQL, one relay', await withRelays(await server.createDatabase(), 1, ingest)],
      ['PostgreSQL, two relays', await withRelays(await server.createDatabase(), 2, ingest)],
    ]
    for (const [name, phase] of phases) {
      console.log(
        `  ${name.padEnd(24)} ${format(phase.requestsPerSecond, 0)} req/s  p99 ${phase.p99} ms` +
          `  non-2xx ${phase.non2xx}  stored ${phase.stored}`,
      )
    }
    console.log(
      `cluster fan-out: ${FANOUT_RATE} pushes/s to one relay, ${FANOUT_CLIENTS} agents (PostgreSQL)`,
    )
    const one = await withRelays(await server.createDatabase(), 1, (relays) => fanout(relays, '84'))
    const two = await withRelays(await server.createDatabase(), 2, (relays) => fanout(relays, '85'))
    printFanout('agents on the one relay', one)
    printFanout('agents split over two relays', two)
    console.log(`  two relays p99 ${format(two.p99)} ms (target < 50 ms)`)
    return { phases, one, two }
  } finally {
    await server.stop()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runClusterBench()
