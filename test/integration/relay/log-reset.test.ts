import { expect, test } from '@playwright/test'
import { io } from 'socket.io-client'
import type { RelayEvent } from '../../../common/relay/events.js'
import { followerWrites, startSharedStateRelay } from '../shared-state/shared-state-fixture.js'
import { connectAgent } from './relay-fixture.js'

test('a cursor past the head of the log gets sync:reset with the head, then the whole log from seq 1', async () => {
  const context = await startSharedStateRelay({ replayPageSize: 2 })
  try {
    const { relay, adminToken } = context
    for (const openId of ['o_reset_a', 'o_reset_b', 'o_reset_c']) await followerWrites(relay, openId)
    const head = relay.store.events.head()
    expect(head).toBeGreaterThanOrEqual(3)

    // What the desktop hears, in order: the reset before any replayed page.
    const socket = io(relay.url, {
      auth: { token: adminToken, cursor: head + 40 },
      transports: ['websocket'],
      reconnection: false,
    })
    const heard: string[] = []
    const events: RelayEvent[] = []
    socket.on('sync:reset', (info) => heard.push(`reset ${info.head}`))
    socket.on('events:replayed', (page) => {
      heard.push('page')
      events.push(...page)
    })
    const caughtUp = await new Promise<number>((resolve) =>
      socket.once('sync:caught-up', (info) => resolve(info.cursor)),
    )
    socket.close()
    expect(heard[0]).toBe(`reset ${head}`)
    expect(heard.slice(1).every((entry) => entry === 'page')).toBe(true)
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: head }, (_, index) => index + 1))
    expect(caughtUp).toBe(head)

    // A cursor at the head is no reset.
    const current = connectAgent(relay.url, adminToken, head)
    let wasReset = false
    current.socket.on('sync:reset', () => (wasReset = true))
    try {
      expect(await current.caughtUp).toBe(head)
      expect(wasReset).toBe(false)
      expect(current.events).toEqual([])
    } finally {
      current.close()
    }
  } finally {
    await context.close()
  }
})
