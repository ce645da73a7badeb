import { expect, test } from '@playwright/test'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { buildPush, sendPush, textMessage } from './push-builder.js'
import { startTestRelay, temporaryDataDir } from './relay-fixture.js'
import { sqliteDatabaseOf } from '../../support/sqlite-database-of.js'
import { spawnRelay } from '../../support/spawned-relay.js'

const CONCURRENCY = 16
const KILL_AFTER_SUCCESSES = 150

test('kill -9 under load, then restart: every push answered success is stored, none twice', async () => {
  test.setTimeout(60_000)
  const { dataDir, remove } = temporaryDataDir()
  try {
    const { child, url } = await spawnRelay(dataDir)
    const acknowledged = new Set<string>()
    const attempted: string[] = []
    let nextId = 9_100_000_000_000_000_000n
    let isKilled = false
    const worker = async (): Promise<void> => {
      // Bounded: the relay dies after KILL_AFTER_SUCCESSES, so no worker needs more than this many tries.
      for (let round = 0; round < 2_000 && !isKilled; round += 1) {
        const msgId = String(nextId++)
        attempted.push(msgId)
        const push = buildPush(textMessage(`o_load_${round % 7}`, msgId, `load ${msgId}`), { mode: 'safe' })
        try {
          const answer = await sendPush(url, push)
          if (answer.status === 200 && answer.text === 'success') acknowledged.add(msgId)
        } catch {
          return // the relay is gone
        }
        if (acknowledged.size >= KILL_AFTER_SUCCESSES && !isKilled) {
          isKilled = true
          child.kill('SIGKILL')
        }
      }
    }
    const exited = once(child, 'exit')
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    await exited
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_SUCCESSES)

    const relay = await startTestRelay(dataDir)
    try {
      const storedIds = (): string[] =>
        (
          sqliteDatabaseOf(relay.store).prepare('SELECT wechat_msg_id FROM messages').all() as {
            wechat_msg_id: string
          }[]
        ).map((row) => row.wechat_msg_id)
      const afterCrash = new Set(storedIds())
      for (const msgId of acknowledged) expect(afterCrash.has(msgId), `acknowledged ${msgId} lost`).toBe(true)
      expect(storedIds().length).toBe(afterCrash.size)

      // WeChat retries whatever it did not see answered: each is stored exactly once in the end.
      for (const msgId of attempted) {
        const push = buildPush(textMessage('o_retry_after_crash', msgId, `load ${msgId}`), { mode: 'safe' })
        expect((await sendPush(relay.url, push)).text).toBe('success')
      }
      const final = storedIds()
      expect(new Set(final).size).toBe(final.length)
      expect(final.length).toBe(attempted.length)
      const head = await relay.store.events.head()
      expect(head).toBe(attempted.length)
    } finally {
      await relay.close()
    }
  } finally {
    remove()
  }
})

test('SIGTERM stops the relay cleanly with exit code 0', async () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const { child, url } = await spawnRelay(dataDir)
    const push = buildPush(textMessage('o_term', '42', 'last words'), { mode: 'safe' })
    const answer = sendPush(url, push)
    expect((await answer).text).toBe('success')
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
  } finally {
    remove()
  }
})

test('a malformed environment stops the relay with a message naming the variable', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
    env: { ...process.env, RELAY_PORT: 'eighty', RELAY_DATA_DIR: '/nonexistent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = await once(child, 'exit')
  expect(code).not.toBe(0)
  expect(stderr).toContain('RELAY_PORT')
})
