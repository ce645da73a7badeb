/**
 * The ingest benchmark's load generator, run as its own process so it does not share the servers' event
 * loop: autocannon posting safe-mode pushes with unique MsgIds, and optionally one connected agent.
 * Input: a JSON argument; output: one JSON line with autocannon's figures.
 */
import autocannon from 'autocannon'
import { io } from 'socket.io-client'
import { buildPush, textMessage } from '../integration/relay/push-builder.js'

interface LoadRequest {
  readonly url: string
  readonly connections: number
  readonly durationSeconds: number
  /** Distinct pushes prepared before the run (each a unique MsgId); the load cycles through them. */
  readonly poolSize: number
  /** Prefix keeping MsgIds unique across phases. */
  readonly msgIdBase: string
  /** Connect one agent with this token while the load runs. */
  readonly agentToken?: string
}

const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest
const createTime = Math.floor(Date.now() / 1000)
const pool = Array.from({ length: request.poolSize }, (_, index) =>
  buildPush(
    textMessage(
      `o_bench_${index % 500}`,
      `${request.msgIdBase}${String(index).padStart(8, '0')}`,
      `hello ${index}`,
      createTime,
    ),
    {
      mode: 'safe',
    },
  ),
)

let eventsReceived = 0
let agent: ReturnType<typeof io> | null = null
if (request.agentToken !== undefined) {
  agent = io(request.url, {
    auth: { token: request.agentToken, cursor: 0 },
    transports: ['websocket'],
    reconnection: false,
  })
  agent.on('event:appended', () => (eventsReceived += 1))
  agent.on('events:appended', (events: readonly unknown[]) => (eventsReceived += events.length))
  await new Promise<void>((resolve, reject) => {
    agent!.once('sync:caught-up', () => resolve())
    agent!.once('connect_error', reject)
  })
}

let next = 0
const cpuBefore = process.cpuUsage()
const result = await autocannon({
  url: request.url,
  connections: request.connections,
  duration: request.durationSeconds,
  requests: [
    {
      method: 'POST',
      setupRequest: (outgoing) => {
        const push = pool[next % pool.length]!
        next += 1
        return {
          ...outgoing,
          path: push.path,
          body: push.body,
          headers: { 'content-type': push.contentType },
        }
      },
    },
  ],
})
const cpu = process.cpuUsage(cpuBefore)
// Let the agent receive the tail of the broadcast before reporting.
await new Promise((resolve) => setTimeout(resolve, 300))
agent?.close()
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: next,
    eventsReceived,
    loadCpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
  })}\n`,
)
process.exit(0)
