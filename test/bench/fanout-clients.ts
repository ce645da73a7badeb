/**
 * The fan-out benchmark's far side, in its own process: N socket.io clients and a pusher sending at a
 * fixed rate, measuring from the moment a push leaves to the moment each client holds the event.
 * Input: a JSON argument; output: one JSON line with the latency percentiles (ms).
 */
import { io, type Socket } from 'socket.io-client'
import { buildPush, sendPush, textMessage } from '../integration/relay/push-builder.js'

interface FanoutRequest {
  readonly url: string
  /** `relay`: signed, encrypted pushes to /wechat; `raw`: a bare POST the server re-emits. */
  readonly target: 'relay' | 'raw'
  readonly token?: string
  /** The log head to connect at (relay only). */
  readonly cursor?: number
  readonly clients: number
  readonly ratePerSecond: number
  readonly durationSeconds: number
  readonly msgIdBase: string
}

const request = JSON.parse(process.argv[2] ?? '{}') as FanoutRequest
const latencies: number[] = []
const sockets: Socket[] = []

function sentAtOf(payload: unknown): number | null {
  const event = payload as { message?: { body?: { text?: string } }; sentAt?: number }
  if (typeof event.sentAt === 'number') return event.sentAt
  const text = event.message?.body?.text
  return text?.startsWith('t=') === true ? Number(text.slice(2)) : null
}

await Promise.all(
  Array.from({ length: request.clients }, () => {
    const socket = io(request.url, {
      // Connect at the head of the log: the fan-out is measured, not a replay of the ingest phase.
      auth: request.target === 'relay' ? { token: request.token, cursor: request.cursor ?? 0 } : {},
      transports: ['websocket'],
      reconnection: false,
    })
    sockets.push(socket)
    const received = (event: unknown): void => {
      const sentAt = sentAtOf(event)
      if (sentAt !== null) latencies.push(performance.now() - sentAt)
    }
    socket.on('event:appended', received)
    socket.on('events:appended', (events: readonly unknown[]) => events.forEach(received))
    return new Promise<void>((resolve, reject) => {
      socket.once(request.target === 'relay' ? 'sync:caught-up' : 'connect', () => resolve())
      socket.once('connect_error', reject)
    })
  }),
)

const total = request.ratePerSecond * request.durationSeconds
const intervalMs = 1000 / request.ratePerSecond
const createTime = Math.floor(Date.now() / 1000)
const startedAt = performance.now()
const inFlight: Promise<unknown>[] = []
for (let index = 0; index < total; index += 1) {
  const due = startedAt + index * intervalMs
  const wait = due - performance.now()
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
  if (request.target === 'relay') {
    const msgId = `${request.msgIdBase}${String(index).padStart(8, '0')}`
    // The clock starts as the push is built; signing and encrypting it (tens of µs) count against the relay.
    const timed = buildPush(textMessage(`o_fan_${index % 50}`, msgId, `t=${performance.now()}`, createTime), {
      mode: 'safe',
    })
    inFlight.push(sendPush(request.url, timed))
  } else {
    inFlight.push(
      fetch(`${request.url}/broadcast`, {
        method: 'POST',
        body: JSON.stringify({ sentAt: performance.now() }),
      }),
    )
  }
}
await Promise.all(inFlight)
// Bounded wait for the last deliveries: every client should hold every event.
for (let round = 0; round < 100 && latencies.length < total * request.clients; round += 1) {
  await new Promise((resolve) => setTimeout(resolve, 20))
}
sockets.forEach((socket) => socket.close())
latencies.sort((a, b) => a - b)
const at = (quantile: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? NaN
process.stdout.write(
  `${JSON.stringify({
    deliveries: latencies.length,
    expected: total * request.clients,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
    seconds: (performance.now() - startedAt) / 1000,
  })}\n`,
)
process.exit(0)
