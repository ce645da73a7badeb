import { expect, test } from '@playwright/test'
import fs, { copyFileSync, mkdirSync, openSync, readSync, writeFileSync, closeSync, fstatSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import type { RelayEvent } from '../../../common/relay/events.js'
import { DATABASE_FILE_NAME, openRelayStore } from '../../../relay/store/sqlite-relay-store.js'
import { buildPush, sendPush, textMessage } from './push-builder.js'
import { connectAgent, signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'
import { sqliteDatabaseOf } from '../../support/sqlite-database-of.js'

const CONCURRENCY = 12
const CUT_AFTER_EVENTS = 200

/**
 * What a power cut would leave of the write-ahead log: the bytes an fdatasync that completed had
 * covered. The relay's fsyncs are the real ones, only watched (and answered a little later, as a busy
 * disk would): each records the log's size when it started, and once it completed that prefix is
 * durable. The watch goes through `fs` itself, as the relay calls it.
 */
function watchFsyncs() {
  const original = fs.fdatasync
  let durableBytes = 0
  const watched = ((descriptor: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    const size = fstatSync(descriptor).size
    original(descriptor, (error) =>
      setTimeout(() => {
        if (error === null) durableBytes = Math.max(durableBytes, size)
        callback(error)
      }, 3),
    )
  }) as typeof fs.fdatasync
  fs.fdatasync = watched
  syncBuiltinESMExports()
  return {
    durableBytes: () => durableBytes,
    reset: () => (durableBytes = 0),
    restore(): void {
      fs.fdatasync = original
      syncBuiltinESMExports()
    },
  }
}

/** Copies the database and the durable prefix of its log to `target`, as the disk would hold them. */
function cutPower(dataDir: string, target: string, walBytes: number): void {
  mkdirSync(target, { recursive: true })
  const file = join(dataDir, DATABASE_FILE_NAME)
  copyFileSync(file, join(target, DATABASE_FILE_NAME))
  const buffer = Buffer.alloc(walBytes)
  const descriptor = openSync(`${file}-wal`, 'r')
  try {
    readSync(descriptor, buffer, 0, walBytes, 0)
  } finally {
    closeSync(descriptor)
  }
  writeFileSync(join(target, `${DATABASE_FILE_NAME}-wal`), buffer)
}

test('a power cut under load takes back no event a desktop received: each is in the log after restart, same seq, same payload', async () => {
  test.setTimeout(60_000)
  const { dataDir, remove } = temporaryDataDir()
  const after = temporaryDataDir()
  const fsyncs = watchFsyncs()
  const relay = await startTestRelay(dataDir)
  try {
    const token = await signIn(relay.url)
    const agent = connectAgent(relay.url, token, 0)
    await agent.caughtUp
    // Everything so far in the database file, on disk; from here on the log only grows by appends, so
    // its durable prefix is exactly what a power cut leaves.
    sqliteDatabaseOf(relay.store).pragma('wal_autocheckpoint = 0')
    sqliteDatabaseOf(relay.store).pragma('wal_checkpoint(TRUNCATE)')
    fsyncs.reset()

    let received: readonly RelayEvent[] = []
    let walBytes = 0
    let nextId = 7_300_000_000_000_000_000n
    const cut = new Promise<void>((resolve) => {
      const check = (): void => {
        if (agent.events.length < CUT_AFTER_EVENTS) return
        // One tick: what the desktop holds and what the disk holds, at the same instant.
        received = [...agent.events]
        walBytes = fsyncs.durableBytes()
        cutPower(dataDir, after.dataDir, walBytes)
        resolve()
      }
      agent.socket.on('events:appended', check)
      agent.socket.on('event:appended', check)
    })
    let isCut = false
    void cut.then(() => (isCut = true))
    const worker = async (): Promise<void> => {
      for (let round = 0; round < 400 && !isCut; round += 1) {
        const msgId = String(nextId++)
        await sendPush(
          relay.url,
          buildPush(textMessage(`o_cut_${round % 5}`, msgId, `cut ${msgId}`), { mode: 'safe' }),
        )
      }
    }
    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), cut])
    agent.close()
    expect(received.length).toBeGreaterThanOrEqual(CUT_AFTER_EVENTS)

    // The relay restarted on what the disk held: every event the desktop had is there, unchanged.
    const restarted = openRelayStore(after.dataDir)
    try {
      const head = await restarted.events.head()
      expect(head).toBeGreaterThanOrEqual(received.at(-1)!.seq)
      const logged = new Map((await restarted.events.after(0, head)).map((event) => [event.seq, event]))
      for (const event of received) expect(logged.get(event.seq), `seq ${event.seq}`).toEqual(event)
    } finally {
      await restarted.close()
    }
  } finally {
    fsyncs.restore()
    await relay.close()
    remove()
    after.remove()
  }
})
