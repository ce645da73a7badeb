import { expect, test } from '@playwright/test'
import type { Board } from '../../../common/domain/team.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import { createIpcHandlers, dispatchInvoke, IpcRequestError } from '../../../main/core/ipc-handlers.js'
import {
  createUser,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from '../shared-state/shared-state-fixture.js'
import { ADMIN_PASSWORD } from '../relay/relay-fixture.js'
import { createManualClock, startTestCore, waitForConnection, waitForCore } from './desktop-fixture.js'

type TestCore = ReturnType<typeof startTestCore>

const TEAM_DEFAULTS = {
  isSharingConversations: false,
  isAutoAssigning: false,
  agentCap: null,
  accountKeys: [],
  windowRescue: null,
  autoResolveAfterHours: null,
  businessHours: null,
  sla: null,
  satisfaction: null,
}

test.describe('the supervisors’ and admins’ side of the desktop core against a real relay', () => {
  let context: SharedStateRelay
  const cores: TestCore[] = []
  const manual = createManualClock()

  async function signedIn(username: string, password: string): Promise<DesktopCore> {
    const started = startTestCore({ clock: manual.clock })
    cores.push(started)
    const outcome = await started.core.signIn({ relayUrl: context.relay.url, username, password })
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    await waitForConnection(started.core, 'live')
    return started.core
  }

  test.beforeEach(async () => {
    context = await startSharedStateRelay()
    await createUser(context, 'sue', 'supervisor')
    await createUser(context, 'bo', 'agent')
    await createUser(context, 'ann', 'agent')
  })

  test.afterEach(async () => {
    for (const started of cores.splice(0)) {
      started.core.close()
      started.remove()
    }
    await context.close()
  })

  test('presence set by hand reaches the supervisor, live on the board, and viewing marks are shared', async () => {
    const sue = await signedIn('sue', 'sue-password')
    const bo = await signedIn('bo', 'bo-password')
    const boards: Board[] = []
    sue.listen({ push: (channel, payload) => channel === 'board:changed' && boards.push(payload as Board) })

    const board = await sue.board()
    expect(board.ok).toBe(true)
    if (!board.ok) return
    expect(board.value.agents.find((agent) => agent.username === 'bo')?.status).toBe('online')

    const away = await bo.setPresence({ status: 'away' })
    expect(away).toMatchObject({ ok: true, value: { username: 'bo', status: 'away' } })
    await waitForCore(
      sue,
      () => sue.presences().some((presence) => presence.username === 'bo' && presence.status === 'away'),
      'bo away at sue',
    )
    await waitForCore(
      sue,
      () =>
        boards.some((each) =>
          each.agents.some((agent) => agent.username === 'bo' && agent.status === 'away'),
        ),
      'the board showing bo away',
    )

    const conversation = await followerWrites(context.relay, 'oViewed0001', 'hello')
    await waitForCore(sue, () => sue.replica()?.conversation(conversation.id) != null, 'conversation at sue')
    await waitForCore(bo, () => bo.replica()?.conversation(conversation.id) != null, 'conversation at bo')
    await bo.view({ conversationId: conversation.id, isViewing: true })
    await waitForCore(
      sue,
      () =>
        sue
          .viewers()
          .some((each) => each.conversationId === conversation.id && each.usernames.includes('bo')),
      'bo viewing at sue',
    )
    await bo.view({ conversationId: conversation.id, isViewing: false })
    await waitForCore(
      sue,
      () => !sue.viewers().some((each) => each.conversationId === conversation.id),
      'the mark gone at sue',
    )

    const forbidden = await bo.board()
    expect(forbidden).toMatchObject({ ok: false, code: 'forbidden' })
  })

  test('the heartbeat carries the chosen status; the relay marks a silent desktop offline', async () => {
    await context.close()
    context = await startSharedStateRelay({
      presence: { timeoutMs: 400, sweepIntervalMs: 50 },
    })
    await createUser(context, 'sue', 'supervisor')
    await createUser(context, 'bo', 'agent')
    const sue = await signedIn('sue', 'sue-password')
    const bo = await signedIn('bo', 'bo-password')
    await waitForCore(sue, () => sue.presences().some((each) => each.username === 'bo'), 'bo known')
    // No heartbeat (the manual clock stands still): the relay's sweep turns bo offline.
    await waitForCore(
      sue,
      () => sue.presences().some((each) => each.username === 'bo' && each.status === 'offline'),
      'bo offline after silence',
    )
    // One heartbeat brings him back with the status he chose.
    await bo.setPresence({ status: 'away' })
    manual.advance(30_000)
    await waitForCore(
      sue,
      () => sue.presences().some((each) => each.username === 'bo' && each.status === 'away'),
      'bo back as away',
    )
  })

  test('bulk reassignment with a handover note is all or nothing, and the receiver sees the note', async () => {
    const sue = await signedIn('sue', 'sue-password')
    const bo = await signedIn('bo', 'bo-password')
    const first = await followerWrites(context.relay, 'oBulk00001', 'first')
    const second = await followerWrites(context.relay, 'oBulk00002', 'second')
    await waitForCore(sue, () => sue.replica()?.conversation(second.id) != null, 'conversations at sue')

    const stale = await sue.bulkAssign({
      conversations: [
        { conversationId: first.id, version: first.version },
        { conversationId: second.id, version: second.version - 1 },
      ],
      assignee: 'bo',
      note: 'Both are about refunds.',
    })
    expect(stale).toMatchObject({ ok: false, code: 'conflict' })
    expect((await context.relay.store.conversations.get(first.id))?.assignee).toBeNull()

    const moved = await sue.bulkAssign({
      conversations: [
        { conversationId: first.id, version: first.version },
        { conversationId: second.id, version: second.version },
      ],
      assignee: 'bo',
      note: 'Both are about refunds.',
    })
    expect(moved.ok).toBe(true)
    if (!moved.ok) return
    expect(moved.value.map((each) => each.assignee)).toEqual(['bo', 'bo'])
    await waitForCore(
      bo,
      () =>
        (bo.replica()?.messages(first.id, undefined, 50) ?? []).some(
          (message) => message.body.type === 'note' && message.body.isHandover === true,
        ),
      'the handover note at bo',
    )
    const note = bo
      .replica()!
      .messages(first.id, undefined, 50)
      .find((message) => message.body.type === 'note')
    expect(note).toMatchObject({ senderUsername: 'sue', body: { text: 'Both are about refunds.' } })

    const toOther = await bo.bulkAssign({
      conversations: [{ conversationId: first.id, version: moved.value[0]!.version }],
      assignee: 'ann',
    })
    expect(toOther).toMatchObject({ ok: false, code: 'forbidden' })
  })

  test('shift-end handover lists my open conversations by window expiry and returns them in one step', async () => {
    const bo = await signedIn('bo', 'bo-password')
    const sue = await signedIn('sue', 'sue-password')
    const older = await followerWrites(context.relay, 'oShift0001', 'older', 3600)
    const newer = await followerWrites(context.relay, 'oShift0002', 'newer', 60)
    await waitForCore(sue, () => sue.replica()?.conversation(newer.id) != null, 'conversations at sue')
    const assigned = await sue.bulkAssign({
      conversations: [
        { conversationId: newer.id, version: newer.version },
        { conversationId: older.id, version: older.version },
      ],
      assignee: 'bo',
    })
    expect(assigned.ok).toBe(true)

    const open = await bo.openConversationsOf({ username: 'bo' })
    expect(open.ok && open.value.map((each) => each.id)).toEqual([older.id, newer.id])
    const others = await bo.openConversationsOf({ username: 'ann' })
    expect(others).toMatchObject({ ok: false, code: 'forbidden' })

    const handed = await bo.handover({ username: 'bo', assignee: null, note: 'Shift over.' })
    expect(handed.ok && handed.value.map((each) => each.assignee)).toEqual([null, null])
    await waitForCore(
      sue,
      () => sue.replica()?.conversation(older.id)?.assignee === null,
      'the queue at sue after the handover',
    )
    const after = await bo.openConversationsOf({ username: 'bo' })
    expect(after).toMatchObject({ ok: true, value: [] })
  })

  test('admins manage users and teams; disabling ends the session; refusals carry the relay’s words', async () => {
    const admin = await signedIn('admin', ADMIN_PASSWORD)
    const ann = await signedIn('ann', 'ann-password')
    const handlers = createIpcHandlers(admin)

    const team = await admin.createTeam({
      name: 'Refunds',
      isSharingConversations: false,
      isAutoAssigning: true,
      agentCap: 5,
      accountKeys: [],
      windowRescue: null,
      autoResolveAfterHours: null,
      businessHours: null,
      sla: null,
      satisfaction: null,
    })
    expect(team).toMatchObject({ ok: true, value: { name: 'Refunds', isAutoAssigning: true, agentCap: 5 } })
    if (!team.ok) return
    const changed = await admin.updateTeam({ id: team.value.id, agentCap: 8, isSharingConversations: true })
    expect(changed).toMatchObject({ ok: true, value: { agentCap: 8, isSharingConversations: true } })
    const duplicate = await admin.createTeam({ ...TEAM_DEFAULTS, name: 'Refunds' })
    expect(duplicate).toMatchObject({ ok: false, code: 'conflict' })
    const teams = await admin.teams()
    expect(teams.ok && teams.value.map((each) => each.name)).toEqual(['Refunds'])

    const created = await admin.createUser({ username: 'lin', password: 'lin-password', role: 'agent' })
    expect(created).toMatchObject({ ok: true, value: { username: 'lin', role: 'agent' } })
    await waitForCore(admin, () => admin.users().some((user) => user.username === 'lin'), 'lin listed')
    const placed = await admin.updateUser({
      username: 'lin',
      teamId: team.value.id,
      role: 'supervisor',
      kfAccount: 'lin@kefu',
    })
    expect(placed).toMatchObject({
      ok: true,
      value: { teamId: team.value.id, role: 'supervisor', kfAccount: 'lin@kefu' },
    })
    const short = dispatchInvoke(handlers, 'users:update', { username: 'lin', password: 'short' })
    await expect(short).rejects.toBeInstanceOf(IpcRequestError)

    const disabled = await admin.updateUser({ username: 'ann', isDisabled: true })
    expect(disabled).toMatchObject({ ok: true, value: { isDisabled: true } })
    await waitForConnection(ann, 'revoked')

    const bo = await signedIn('bo', 'bo-password')
    const refused = await bo.createTeam({ ...TEAM_DEFAULTS, name: 'Mine' })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.code).toBe('forbidden')
      expect(refused.message.length).toBeGreaterThan(5)
    }
    const notMine = await bo.updateUser({ username: 'bo', role: 'admin' })
    expect(notMine).toMatchObject({ ok: false, code: 'forbidden' })
  })
})
