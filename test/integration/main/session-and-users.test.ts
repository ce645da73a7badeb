import { expect, test } from '@playwright/test'
import { join } from 'node:path'
import type { User } from '../../../common/domain/user.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import { createFileSecretStore } from '../../../main/core/session/file-secret-store.js'
import { ADMIN_PASSWORD } from '../relay/relay-fixture.js'
import {
  call,
  createUser,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from '../shared-state/shared-state-fixture.js'
import {
  createManualClock,
  startCuttableProxy,
  startTestCore,
  waitForConnection,
  waitForCore,
} from './desktop-fixture.js'
import { storedRowCount } from '../../support/store-rows.js'

type TestCore = ReturnType<typeof startTestCore>

test.describe('sessions, users and viewing marks in the desktop core against a real relay', () => {
  let context: SharedStateRelay
  const cores: TestCore[] = []
  const manual = createManualClock()

  async function signedIn(username: string, password: string, relayUrl = context.relay.url) {
    const started = startTestCore({ clock: manual.clock })
    cores.push(started)
    const outcome = await started.core.signIn({ relayUrl, username, password })
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    await waitForConnection(started.core, 'live')
    return started
  }

  const sessionCount = (): Promise<number> => storedRowCount(context.relay.store, 'sessions')

  test.beforeEach(async () => {
    context = await startSharedStateRelay()
  })

  test.afterEach(async () => {
    for (const started of cores.splice(0)) {
      started.core.close()
      started.remove()
    }
    await context.close()
  })

  test('a user created or disabled elsewhere reaches the replica and the screen from the log', async () => {
    await createUser(context, 'bo', 'agent')
    const { core } = await signedIn('admin', ADMIN_PASSWORD)
    // `bo` was read over REST when the connection went live; the log now says the rest.
    await waitForCore(core, () => core.users().some((user) => user.username === 'bo'), 'bo listed')
    const pushed: (readonly User[])[] = []
    core.listen({ push: (channel, payload) => channel === 'users:changed' && pushed.push(payload as User[]) })

    const created = await call(context.relay, context.adminToken, 'POST', '/api/users', {
      username: 'lin',
      password: 'lin-password',
      role: 'agent',
    })
    expect(created.status).toBe(201)
    await waitForCore(
      core,
      () =>
        core
          .replica()!
          .users()
          .some((user) => user.username === 'lin'),
      'lin in the replica',
    )
    expect(pushed.some((users) => users.some((user) => user.username === 'lin'))).toBe(true)

    expect(
      (await call(context.relay, context.adminToken, 'PATCH', '/api/users/bo', { isDisabled: true })).status,
    ).toBe(200)
    const isBoDisabled = (core: DesktopCore): boolean =>
      core.users().find((user) => user.username === 'bo')?.isDisabled === true
    await waitForCore(core, () => isBoDisabled(core), 'bo disabled')
    expect(
      core
        .replica()!
        .users()
        .find((user) => user.username === 'bo')?.isDisabled,
    ).toBe(true)
  })

  test('signing out ends the token at the relay; another desktop of the same user goes on', async () => {
    const leaving = await signedIn('admin', ADMIN_PASSWORD)
    const staying = await signedIn('admin', ADMIN_PASSWORD)
    const token = await createFileSecretStore(join(leaving.dataDir, 'secrets.json')).get('relay-token')
    expect(token).not.toBeNull()
    const before = await sessionCount()

    await leaving.core.signOut({ wipeReplica: false })
    expect(await sessionCount()).toBe(before - 1)
    expect((await call(context.relay, token!, 'GET', '/api/users')).status).toBe(401)
    expect(leaving.core.connection()).toEqual({ state: 'signed-out' })
    expect(leaving.core.problems()).toEqual([])
    expect(staying.core.connection()).toEqual({ state: 'live' })
  })

  test('signing out while the relay is unreachable still signs out here, and says the relay was not told', async () => {
    const proxy = await startCuttableProxy(context.relay.port)
    try {
      const { core, dataDir } = await signedIn('admin', ADMIN_PASSWORD, proxy.url)
      const before = await sessionCount()
      proxy.cut()
      const session = await core.signOut({ wipeReplica: false })
      expect(session.user).toBeNull()
      expect(await createFileSecretStore(join(dataDir, 'secrets.json')).get('relay-token')).toBeNull()
      expect(
        core
          .problems()
          .map((problem) => problem.message)
          .join('\n'),
      ).toMatch(/could not be told of the sign-out/)
      expect(await sessionCount()).toBe(before)
    } finally {
      await proxy.close()
    }
  })

  test('after too many wrong passwords the sign-in answers the relay’s rate_limited message', async () => {
    const started = startTestCore({ clock: manual.clock })
    cores.push(started)
    const { core } = started
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await core.signIn({ relayUrl: context.relay.url, username: 'admin', password: 'nope' })
      expect(wrong).toMatchObject({ ok: false, code: 'unauthorized' })
    }
    const locked = await core.signIn({
      relayUrl: context.relay.url,
      username: 'admin',
      password: ADMIN_PASSWORD,
    })
    expect(locked).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(!locked.ok && locked.message).toMatch(
      /Too many failed sign-ins from this address; try again in 5 minutes/,
    )
    expect(core.session().user).toBeNull()
  })

  test('a desktop that signs in after a colleague opened a conversation sees the viewing mark', async () => {
    await createUser(context, 'sue', 'supervisor')
    await createUser(context, 'ann', 'agent')
    const conversation = await followerWrites(context.relay, 'o_marked_before_ann')
    const sue = await signedIn('sue', 'sue-password')
    await sue.core.view({ conversationId: conversation.id, isViewing: true })

    const ann = await signedIn('ann', 'ann-password')
    await waitForCore(
      ann.core,
      () => ann.core.viewers().some((viewers) => viewers.conversationId === conversation.id),
      'the mark Sue set before Ann connected',
    )
    expect(ann.core.viewers()).toEqual([{ conversationId: conversation.id, usernames: ['sue'] }])
  })
})
