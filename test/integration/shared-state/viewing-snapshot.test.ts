import { expect, test } from '@playwright/test'
import type { ConversationViewers } from '../../../common/domain/team.js'
import { connectAgent, type TestAgent } from '../relay/relay-fixture.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  followerWrites,
  nextOf,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay
const desktops: TestAgent[] = []

test.afterEach(async () => {
  for (const desktop of desktops.splice(0)) desktop.close()
  await context.close()
})

/** Connects a desktop and answers it with the viewing snapshot it got on connecting. */
async function snapshotOnConnect(
  token: string,
): Promise<{ desktop: TestAgent; snapshot: readonly ConversationViewers[] }> {
  const desktop = connectAgent(context.relay.url, token, 0)
  desktops.push(desktop)
  // Listening before the handshake completes: the snapshot is said right after it.
  const snapshot = nextOf<readonly ConversationViewers[]>(desktop, 'viewing:snapshot')
  await desktop.caughtUp
  return { desktop, snapshot: await snapshot }
}

test('a desktop that connects after marks were set hears them at once, only on conversations it may see', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const queued = await followerWrites(relay, 'o_snapshot_queued')
  const held = await followerWrites(relay, 'o_snapshot_held')
  const assigned = await call(relay, sueToken, 'PUT', `/api/conversations/${held.id}/assignee`, {
    assignee: 'sue',
    version: held.version,
  })
  expect(assigned.status).toBe(200)

  const sue = await connectDesktop(relay, sueToken)
  desktops.push(sue)
  for (const conversationId of [queued.id, held.id]) {
    expect(await emitCommand(sue, 'conversation:view', { conversationId, isViewing: true })).toMatchObject({
      ok: true,
    })
  }

  // Ann (an agent) may see the queue but not Sue's conversation.
  const ann = await snapshotOnConnect(annToken)
  expect(ann.snapshot).toEqual([{ conversationId: queued.id, usernames: ['sue'] }])
  // Sue's second desktop sees both, sorted by conversation.
  expect((await snapshotOnConnect(sueToken)).snapshot).toEqual(
    [
      { conversationId: queued.id, usernames: ['sue'] },
      { conversationId: held.id, usernames: ['sue'] },
    ].sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
  )

  // Once Sue's viewing desktop is gone, a newcomer hears of no marks.
  const cleared = nextOf<ConversationViewers>(
    ann.desktop,
    'viewing:changed',
    (viewers) => viewers.conversationId === queued.id && viewers.usernames.length === 0,
  )
  sue.close()
  await cleared
  expect(relay.presence.allViewers()).toEqual([])
  expect((await snapshotOnConnect(annToken)).snapshot).toEqual([])
})
