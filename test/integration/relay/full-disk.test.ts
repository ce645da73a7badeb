import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import type { PushDelivery, SimulatedFollower } from '../../simulator/simulated-follower.js'
import { startWeChatSimulator } from '../../simulator/wechat-simulator.js'
import { connectAgent, signIn, startTestRelay } from './relay-fixture.js'
import { sqliteDatabaseOf } from '../../support/sqlite-database-of.js'

const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
/** Probes often, so the wait for recovery is short; the relay's default is 1 s. */
const PROBE_INTERVAL_MS = 50

interface LogRecord {
  readonly level: number
  readonly msg: string
  readonly [field: string]: unknown
}

let mountPoint: string | null = null
let skipReason: string | null = null

test.beforeAll(() => {
  if (process.getuid?.() !== 0) {
    skipReason = 'mounting a tiny tmpfs to fill needs root'
    return
  }
  const directory = mkdtempSync(join(tmpdir(), 'kefu-full-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', directory], { stdio: 'pipe' })
    mountPoint = directory
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    skipReason = `mount -t tmpfs is not permitted here: ${String(error)}`
  }
})

test.afterAll(() => {
  if (mountPoint === null) return
  execFileSync('umount', [mountPoint], { stdio: 'pipe' })
  rmSync(mountPoint, { recursive: true, force: true })
  mountPoint = null
})

/** Writes `file` until the filesystem has no whole page left; answers the bytes written. */
function fillFilesystem(file: string): number {
  const descriptor = openSync(file, 'w')
  let written = 0
  try {
    for (const size of [65_536, 4_096]) {
      const chunk = Buffer.alloc(size, 0x5a)
      // Bounded: the filesystem holds 2 MB, 32 chunks of the larger size.
      for (let round = 0; round < 1_000; round += 1) {
        try {
          written += writeSync(descriptor, chunk)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
          break
        }
      }
    }
  } finally {
    closeSync(descriptor)
  }
  return written
}

const isSuccess = (delivery: PushDelivery): boolean => delivery.status === 200 && delivery.reply === 'success'

test('a full disk answers 503 and readyz 503, counts and logs once, then recovers and loses nothing answered', async () => {
  test.skip(mountPoint === null, skipReason ?? 'no tmpfs mounted')
  test.setTimeout(60_000)
  const dataDir = mountPoint!
  const records: LogRecord[] = []
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) },
  )
  const simulator = await startWeChatSimulator({ encodingAesKey: ENCODING_AES_KEY })
  const relay = await startTestRelay(
    dataDir,
    {
      WECHAT_TOKEN: simulator.webhookToken,
      WECHAT_APPID: simulator.appId,
      WECHAT_ENCODING_AES_KEY: ENCODING_AES_KEY,
    },
    { logger, storeProbeIntervalMs: PROBE_INTERVAL_MS },
  )
  simulator.setRelayUrl(`${relay.url}/wechat`)
  const token = await signIn(relay.url)
  const agent = connectAgent(relay.url, token)
  const filler = join(dataDir, 'filler')
  try {
    await agent.caughtUp
    const readiness = async (): Promise<{ status: number; body: { status: string } }> => {
      const response = await fetch(`${relay.url}/readyz`)
      return { status: response.status, body: (await response.json()) as { status: string } }
    }
    const metric = async (line: RegExp): Promise<number> => {
      const text = await (await fetch(`${relay.url}/metrics`)).text()
      const match = line.exec(text)
      return match === null ? Number.NaN : Number(match[1])
    }
    const createUser = (username: string) =>
      fetch(`${relay.url}/api/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'a long enough password', role: 'agent' }),
      })

    // Answered `success`: each of these must be stored exactly once, whatever happens next.
    const acknowledged: string[] = []
    const regular = simulator.follower('o_regular')
    for (let index = 0; index < 3; index += 1) {
      const text = `before ${index}`
      expect(isSuccess(await regular.sendText(text))).toBe(true)
      acknowledged.push(text)
    }
    expect((await readiness()).status).toBe(200)

    expect(fillFilesystem(filler)).toBeGreaterThan(0)
    const burstStart = records.length
    const refused: { text: string; follower: SimulatedFollower }[] = []
    const push = async (text: string): Promise<void> => {
      // One follower per push, so `repeatLast` below is WeChat's retry of exactly this one.
      const follower = simulator.follower(`o_${text.replaceAll(' ', '_')}`)
      const delivery = await follower.sendText(text)
      if (isSuccess(delivery)) {
        acknowledged.push(text)
        return
      }
      expect(delivery.status).toBe(503)
      expect((JSON.parse(delivery.reply!) as { error: { code: string } }).error.code).toBe('unavailable')
      refused.push({ text, follower })
    }
    // Bounded: a page left over in the log's last block may take a push or two before writes fail.
    for (let index = 0; index < 20 && refused.length === 0; index += 1) await push(`filling ${index}`)
    expect(refused.length).toBe(1)
    // At once, so they share group commits: each is refused, none half stored.
    await Promise.all(Array.from({ length: 6 }, (_, index) => push(`full ${index}`)))
    expect(refused.length).toBe(7)

    expect(await readiness()).toEqual({ status: 503, body: { status: 'store_failing' } })
    expect(await metric(/^kefu_relay_store_failures_total\{kind="full"\} (\d+)$/m)).toBeGreaterThanOrEqual(7)
    expect(await metric(/^kefu_relay_store_writable (\d+)$/m)).toBe(0)
    const refusedUser = await createUser('refused_agent')
    expect(refusedUser.status).toBe(503)
    expect(((await refusedUser.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    const note = (await agent.socket.timeout(10_000).emitWithAck('note:add', {
      conversationId: 'o_regular',
      clientMessageId: 'note-on-a-full-disk',
      text: 'will not fit',
    })) as { ok: boolean; error?: { code: string; message: string } }
    expect(note.ok).toBe(false)
    expect(note.error?.code).toBe('unavailable')
    expect(note.error?.message).toContain('disk is full')
    // Several probe intervals: the probe must not claim a disk that is still full writes again.
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS * 6))
    expect((await readiness()).status).toBe(503)

    const burstErrors = records.slice(burstStart).filter((record) => record.level >= 50)
    expect(burstErrors.map((record) => record.msg)).toEqual([expect.stringContaining('store writes failing')])
    expect(burstErrors[0]!['kind']).toBe('full')

    unlinkSync(filler)
    // Bounded wait for the probe: no push is needed for the relay to turn ready again.
    for (let round = 0; round < 200 && (await readiness()).status !== 200; round += 1)
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS))
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } })
    expect(records.some((record) => record.msg === 'store writes again')).toBe(true)
    expect(await metric(/^kefu_relay_store_writable (\d+)$/m)).toBe(1)

    // WeChat retries what it was refused, byte for byte: each is stored now.
    for (const { follower } of refused) expect(isSuccess(await follower.repeatLast())).toBe(true)
    // A retry of one answered before stays one message.
    expect(isSuccess(await regular.repeatLast())).toBe(true)
    expect(isSuccess(await regular.sendText('after'))).toBe(true)
    acknowledged.push('after')
    expect((await createUser('agent_after')).status).toBeLessThan(300)

    const texts = (
      sqliteDatabaseOf(relay.store)
        .prepare(
          "SELECT json_extract(body_json, '$.text') AS text FROM messages WHERE direction = 'incoming'",
        )
        .all() as { text: string }[]
    ).map((row) => row.text)
    const expected = [...acknowledged, ...refused.map((entry) => entry.text)]
    expect([...texts].sort()).toEqual([...expected].sort())
    // No half state: every stored push has its one event, and no event lacks its message.
    const created = sqliteDatabaseOf(relay.store)
      .prepare("SELECT count(*) FROM events WHERE type = 'message.created'")
      .pluck()
      .get()
    expect(created).toBe(texts.length)
    expect(records.filter((record) => record.level >= 50)).toHaveLength(1)
  } finally {
    agent.close()
    await relay.close()
    await simulator.close()
    rmSync(filler, { force: true })
  }
})
