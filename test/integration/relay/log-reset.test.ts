import { expect, test } from '@playwright/test'
import { io } from 'socket.io-client'
import type { RelayEvent } from '../../../common/relay/events.js'
import { followerWrites, startSharedStateRelay } from '../shared-state/shared-state-fixture.js'
import { connectAgent } from './relay-fixture.js'

/** Connects with `auth` and answers what it heard, in order, until `sync:caught-up`. */
async function heardWith(url: string, auth: Record<string, unknown>) {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false })
  const heard: string[] = []
  const events: RelayEvent[] = []
  socket.on('sync:started', (info) => heard.push(`started ${info.logId}`))
  socket.on('sync:reset', (info) => heard.push(`reset ${info.head} ${info.logId}`))
  socket.on('events:replayed', (page) => {
    heard.push('page')
    events.push(...page)
  })
  const caughtUp = await new Promise<number>((resolve) =>
    socket.once('sync:caught-up', (info) => resolve(info.cursor)),
  )
  socket.close()
  return { heard, events, caughtUp }
}

test('a cursor that does not count seqs of this log gets sync:reset with the head and log id, then the whole log from seq 1', async () => {
  const context = await startSharedStateRelay({ replayPageSize: 2 })
  try {
    const { relay, adminToken } = context
    for (const openId of ['o_reset_a', 'o_reset_b', 'o_reset_c']) await followerWrites(relay, openId)
    const head = await relay.store.events.head()
    const logId = relay.store.logId
    expect(head).toBeGreaterThanOrEqual(3)
    expect(logId).toMatch(/^[0-9a-f-]{36}$/)
    const wholeLog = Array.from({ length: head }, (_, index) => index + 1)

    for (const auth of [
      // Past the head of this log.
      { token: adminToken, cursor: head + 40, logId },
      // Within the head, but of another log (the relay's database was restored from a backup).
      { token: adminToken, cursor: 2, logId: 'a-log-restored-over' },
      // A desktop that names no log: its cursor could count any log's seqs.
      { token: adminToken, cursor: 2 },
      // At 0 of another log: it may hold part of a snapshot of that log.
      { token: adminToken, cursor: 0, logId: 'a-log-restored-over' },
    ]) {
      const { heard, events, caughtUp } = await heardWith(relay.url, auth)
      // What the desktop hears, in order: the log's identity, the reset, then replayed pages only.
      expect(heard.slice(0, 2), JSON.stringify(auth)).toEqual([`started ${logId}`, `reset ${head} ${logId}`])
      expect(heard.slice(2).every((entry) => entry === 'page')).toBe(true)
      expect(events.map((event) => event.seq)).toEqual(wholeLog)
      expect(caughtUp).toBe(head)
    }

    // A cursor of this log, at the head or before it, is no reset.
    for (const cursor of [head, 1]) {
      const current = connectAgent(relay.url, adminToken, cursor, logId)
      let wasReset = false
      current.socket.on('sync:reset', () => (wasReset = true))
      try {
        expect(await current.caughtUp).toBe(head)
        expect(wasReset).toBe(false)
        expect(current.events.map((event) => event.seq)).toEqual(wholeLog.slice(cursor))
      } finally {
        current.close()
      }
    }
    // Nor is a desktop starting from nothing.
    const fresh = await heardWith(relay.url, { token: adminToken, cursor: 0 })
    expect(fresh.heard.filter((entry) => entry.startsWith('reset'))).toEqual([])
    expect(fresh.events.map((event) => event.seq)).toEqual(wholeLog)
  } finally {
    await context.close()
  }
})
