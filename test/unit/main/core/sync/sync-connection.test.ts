import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { Server } from 'socket.io'
import type { ConnectionState } from '../../../../../common/ipc/channels.js'
import type { RelayEvent } from '../../../../../common/relay/events.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { createReplicaRebuild } from '../../../../../main/core/replica/replica-rebuild.js'
import { createReplicaSnapshot } from '../../../../../main/core/replica/replica-snapshot.js'
import { createReplicaStore } from '../../../../../main/core/replica/replica-store.js'
import { systemClock } from '../../../../../main/core/sync/clock.js'
import { createSyncConnection } from '../../../../../main/core/sync/sync-connection.js'
import { conversationOf, createdEvents } from '../replica-fixture.js'

test('a malformed event is refused and reported; the rest apply, live events wait for the replay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sync-'))
  const httpServer = createServer()
  const io = new Server(httpServer)
  const [first, second, third, fourth, fifth, sixth] = createdEvents(
    ['一', '二', '三', '四', '五', '六'],
    () => conversationOf('c1'),
  ) as (RelayEvent & {
    type: 'message.created'
  })[]
  let handshake: unknown = null
  io.on('connection', (socket) => {
    handshake = socket.handshake.auth
    // A live event sent before the replay ends must not be applied ahead of the replay.
    socket.emit('event:appended', fourth)
    // A commit of several events arrives as one batch, held back the same way.
    socket.emit('events:appended', [fifth, sixth])
    socket.emit('events:replayed', [
      first,
      { ...second, message: { ...second!.message, direction: 'sideways' } },
      third,
    ])
    socket.emit('sync:caught-up', { cursor: 3 })
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const database = openReplica(join(dir, 'replica.sqlite'))
  const store = createReplicaStore(database)
  const problems: string[] = []
  const states: ConnectionState['state'][] = []
  let resolveLive: () => void = () => undefined
  const isLive = new Promise<void>((resolve) => {
    resolveLive = resolve
  })
  const connection = createSyncConnection({
    relayUrl: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    token: 'token-1',
    username: 'agent',
    store,
    clock: systemClock,
    backoff: () => 60_000,
    onStateChanged: (state) => states.push(state.state),
    onApplied: () => undefined,
    onMalformed: (problem) => problems.push(problem),
    onLive: resolveLive,
    onRevoked: () => undefined,
  })
  try {
    connection.start()
    await isLive
    expect(handshake).toEqual({ token: 'token-1', cursor: 0 })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('message.direction')
    expect(store.message('m2')).toBeNull()
    expect(['m1', 'm3', 'm4', 'm5', 'm6'].map((id) => store.message(id)?.id)).toEqual([
      'm1',
      'm3',
      'm4',
      'm5',
      'm6',
    ])
    expect(store.cursor()).toBe(6)
    expect(states).toEqual(['connecting', 'catching-up', 'catching-up', 'live'])
  } finally {
    connection.stop()
    database.close()
    await io.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a snapshot: malformed messages refused and reported, pages acked, the cursor moves at its end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sync-'))
  const httpServer = createServer()
  const io = new Server(httpServer)
  const [first, second] = createdEvents(['一', '二'], () => conversationOf('c1')) as (RelayEvent & {
    type: 'message.created'
  })[]
  const after = createdEvents(['三'], () => conversationOf('c1'), 6)[0]!
  let handshake: unknown = null
  const acks: number[] = []
  let resolveAcked: () => void = () => undefined
  const isAcked = new Promise<void>((resolve) => {
    resolveAcked = resolve
  })
  io.on('connection', (socket) => {
    handshake = socket.handshake.auth
    socket.emit('snapshot:begun', { seq: 5, conversations: 1, messages: 3 })
    socket.emit(
      'snapshot:page',
      {
        conversations: [first!.conversation],
        messages: [
          JSON.stringify(first!.message),
          JSON.stringify({ ...second!.message, direction: 'sideways' }),
          '{not json',
        ],
      },
      () => acks.push(1),
    )
    socket.emit('snapshot:page', { conversations: 'not a list' }, () => {
      acks.push(2)
      resolveAcked()
    })
    socket.emit('snapshot:ended', { seq: 5 })
    socket.emit('events:replayed', [after])
    socket.emit('sync:caught-up', { cursor: 6 })
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const database = openReplica(join(dir, 'replica.sqlite'))
  const store = createReplicaStore(database)
  const problems: string[] = []
  const states: ConnectionState[] = []
  const snapshotsApplied: number[] = []
  let cursorAtSnapshotEnd = -1
  let resolveLive: () => void = () => undefined
  const isLive = new Promise<void>((resolve) => {
    resolveLive = resolve
  })
  const connection = createSyncConnection({
    relayUrl: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    token: 'token-1',
    username: 'agent',
    store,
    snapshot: createReplicaSnapshot(database, store, createReplicaRebuild(database)),
    clock: systemClock,
    backoff: () => 60_000,
    onStateChanged: (state) => states.push(state),
    onApplied: () => undefined,
    onMalformed: (problem) => problems.push(problem),
    onSnapshotApplied: (seq) => {
      snapshotsApplied.push(seq)
      cursorAtSnapshotEnd = store.cursor()
    },
    onLive: resolveLive,
    onRevoked: () => undefined,
  })
  try {
    connection.start()
    await isLive
    expect(handshake).toEqual({ token: 'token-1', cursor: 0, canReceiveSnapshot: true })
    expect(problems).toEqual([
      expect.stringContaining('snapshot messages.1.direction'),
      'snapshot messages.2: not JSON text',
      expect.stringContaining('snapshot page: conversations'),
    ])
    // Refused or not, every page is acked: the relay must not wait on a page that will never be stored.
    await isAcked
    expect(acks).toEqual([1, 2])
    expect(store.message('m1')).toEqual(first!.message)
    expect(store.message('m2')).toBeNull()
    expect(snapshotsApplied).toEqual([5])
    expect(cursorAtSnapshotEnd).toBe(5)
    expect(store.cursor()).toBe(6)
    expect(states).toContainEqual({ state: 'catching-up', applied: 2, total: 4 })
    expect(states.at(-1)).toEqual({ state: 'live' })
  } finally {
    connection.stop()
    database.close()
    await io.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
