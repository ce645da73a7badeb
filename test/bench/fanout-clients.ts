/**
 * The fan-out benchmark's listeners, in their own process: N socket.io clients that note, for every
 * event, how long after its push left (the pusher's wall-clock stamp) the client held it. Prints one
 * `{"ready":true}` line once every client is connected, then, when every client holds every event or the
 * deadline passes, one JSON line with the latencies (ms). Input: a JSON argument.
 */
import { io, type Socket } from 'socket.io-client'

interface ListenRequest {
  readonly url: string
  /** `relay`: agents of a relay, connected at `cursor`; `raw`: plain socket.io clients. */
  readonly target: 'relay' | 'raw'
  readonly token?: string
  /** The log head to connect at (relay only): the fan-out is measured, not a replay. */
  readonly cursor?: number
  /** The log `cursor` counts seqs of: without it the relay would start every agent over from 0. */
  readonly logId?: string
  readonly clients: number
  /** Events each client should receive. */
  readonly expectedPerClient: number
  /** Give up waiting this long after ready. */
  readonly deadlineMs: number
}

const request = JSON.parse(process.argv[2] ?? '{}') as ListenRequest
const latencies: number[] = []
const sockets: Socket[] = []
// Stamps come from another process: both read the same wall clock at sub-millisecond resolution.
const wallNow = (): number => performance.timeOrigin + performance.now()

function sentAtOf(payload: unknown): number | null {
  const event = payload as { message?: { body?: { text?: string } }; sentAt?: number }
  if (typeof event.sentAt === 'number') return event.sentAt
  const text = event.message?.body?.text
  return text?.startsWith('t=') === true ? Number(text.slice(2)) : null
}

await Promise.all(
  Array.from({ length: request.clients }, () => {
    const socket = io(request.url, {
      auth:
        request.target === 'relay'
          ? { token: request.token, cursor: request.cursor ?? 0, logId: request.logId }
          : {},
      transports: ['websocket'],
      reconnection: false,
    })
    sockets.push(socket)
    const received = (event: unknown): void => {
      const sentAt = sentAtOf(event)
      if (sentAt !== null) latencies.push(wallNow() - sentAt)
    }
    socket.on('event:appended', received)
    socket.on('events:appended', (events: readonly unknown[]) => events.forEach(received))
    return new Promise<void>((resolve, reject) => {
      socket.once(request.target === 'relay' ? 'sync:caught-up' : 'connect', () => resolve())
      socket.once('connect_error', reject)
    })
  }),
)
process.stdout.write('{"ready":true}\n')

const expected = request.expectedPerClient * request.clients
const giveUpAt = performance.now() + request.deadlineMs
while (latencies.length < expected && performance.now() < giveUpAt) {
  await new Promise((resolve) => setTimeout(resolve, 20))
}
sockets.forEach((socket) => socket.close())
// A large write to a pipe completes asynchronously: exit only once it is out.
process.stdout.write(
  `${JSON.stringify({ latencies: latencies.map((value) => Math.round(value * 100) / 100) })}\n`,
  () => process.exit(0),
)
