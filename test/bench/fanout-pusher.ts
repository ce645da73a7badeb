/**
 * The fan-out benchmark's pusher, in its own process: pushes at a fixed rate, each stamped with the
 * wall-clock moment it left — in the message text for the relay (signing and encrypting count against
 * the relay), in the body for the raw server. Input: a JSON argument; output: one JSON line.
 */
import { buildPush, sendPush, textMessage } from '../integration/relay/push-builder.js'

interface PushRequest {
  readonly url: string
  /** `relay`: signed, encrypted pushes to /wechat; `raw`: a bare POST the server re-emits. */
  readonly target: 'relay' | 'raw'
  readonly ratePerSecond: number
  readonly durationSeconds: number
  readonly msgIdBase: string
}

const request = JSON.parse(process.argv[2] ?? '{}') as PushRequest
const wallNow = (): number => performance.timeOrigin + performance.now()
const total = request.ratePerSecond * request.durationSeconds
const intervalMs = 1000 / request.ratePerSecond
const createTime = Math.floor(Date.now() / 1000)
const inFlight: Promise<unknown>[] = []

/** One push; `stamp` false for a warm-up push the listeners do not time. */
function push(index: number, stamp: boolean): Promise<unknown> {
  const sentAt = stamp ? wallNow() : null
  if (request.target === 'raw') {
    return fetch(`${request.url}/broadcast`, { method: 'POST', body: JSON.stringify({ sentAt }) })
  }
  const msgId = `${request.msgIdBase}${stamp ? '1' : '0'}${String(index).padStart(8, '0')}`
  const text = sentAt === null ? 'warm-up' : `t=${sentAt}`
  return sendPush(
    request.url,
    buildPush(textMessage(`o_fan_${index % 50}`, msgId, text, createTime), { mode: 'safe' }),
  )
}

/** Pushes `count` at the fixed rate. */
async function pushAtRate(count: number, stamp: boolean): Promise<void> {
  const startedAt = performance.now()
  for (let index = 0; index < count; index += 1) {
    const wait = startedAt + index * intervalMs - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    inFlight.push(push(index, stamp))
  }
}

// A second of untimed pushes first, so cold code on either side (the first fetch, the listeners' first
// decode) is not counted as the relay's latency; the raw baseline gets the same.
await pushAtRate(request.ratePerSecond, false)
await Promise.all(inFlight)
const startedAt = performance.now()
await pushAtRate(total, true)
await Promise.all(inFlight)
// A large write to a pipe completes asynchronously: exit only once it is out.
process.stdout.write(
  `${JSON.stringify({ sent: total, seconds: (performance.now() - startedAt) / 1000 })}\n`,
  () => process.exit(0),
)
