import { randomFillSync } from 'node:crypto'

const POOL_IDS = 256
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const pool = new Uint8Array(POOL_IDS * 10)
let poolIndex = POOL_IDS

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Messages arrive in time
 * order, so their ids land at the end of the id index instead of on a random page of it: a random UUID
 * there costs one more 4 KB page written to the log (and fsynced) per push.
 */
export function timeOrderedId(now: number = Date.now()): string {
  if (poolIndex === POOL_IDS) {
    randomFillSync(pool)
    poolIndex = 0
  }
  const random = pool.subarray(poolIndex * 10, poolIndex * 10 + 10)
  poolIndex += 1
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12)
  const hex = (from: number, to: number): string => {
    let text = ''
    for (let index = from; index < to; index += 1) text += HEX[random[index]!]!
    return text
  }
  const variant = ((random[2]! & 0x3f) | 0x80).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(0, 2).slice(1)}-${variant}${hex(3, 4)}-${hex(4, 10)}`
}
