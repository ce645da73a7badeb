import { expect, test } from '@playwright/test'
import type { AuditEntry } from '../../../common/domain/audit.js'
import type { AuditLogPage, ErasureReport } from '../../../common/relay/data-schemas.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import {
  call,
  connectDesktop,
  createUser,
  eventMatching,
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
  isCaughtUpWith,
} from '../main/desktop-fixture.js'
import { buildPush, eventPush, sendPush, TEST_WECHAT_ENVIRONMENT } from './push-builder.js'
import { SNAPSHOT_THRESHOLD } from '../../../relay/hub/snapshot-stream.js'
import { connectAgent, signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'
import { storedRows } from '../../support/store-rows.js'

const DAY_MS = 86_400_000

/** Every event of the log from `cursor`, as a desktop replaying from there would receive them. */
async function replayFrom(context: SharedStateRelay, cursor: number): Promise<RelayEvent[]> {
  const agent = connectAgent(context.relay.url, context.adminToken, cursor, context.relay.store.logId)
  try {
    await agent.caughtUp
    return [...agent.events]
  } finally {
    agent.close()
  }
}

const mentions = (events: readonly RelayEvent[], text: string): boolean =>
  JSON.stringify(events).includes(text)

test.describe('erasure of one follower', () => {
  let context: SharedStateRelay
  const cores: ReturnType<typeof startTestCore>[] = []

  test.beforeEach(async () => {
    // Small scan batches, so the log scrub crosses batch boundaries.
    context = await startSharedStateRelay({ dataBatchSize: 3 })
  })

  test.afterEach(async () => {
    for (const started of cores.splice(0)) {
      started.core.close()
      started.remove()
    }
    await context.close()
  })

  async function signedInCore(): Promise<DesktopCore> {
    const started = startTestCore({ clock: createManualClock().clock })
    cores.push(started)
    const outcome = await started.core.signIn({
      relayUrl: context.relay.url,
      username: 'admin',
      password: 'correct horse battery',
    })
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    await waitForConnection(started.core, 'live')
    return started.core
  }

  test('erases messages, notes, panel fields, tags and ticket at the relay, in the log and on a live desktop', async () => {
    const { relay, adminToken } = context
    await followerWrites(relay, 'oErased000000000000000000001', 'my phone is 13800000000')
    await followerWrites(relay, 'oKept00000000000000000000002', 'keep this line')
    const tag = await call<{ id: string }>(relay, adminToken, 'POST', '/api/tags', {
      name: 'VIP',
      color: '#2f9e44',
    })
    const erased = 'oErased000000000000000000001'
    expect(
      (await call(relay, adminToken, 'PUT', `/api/conversations/${erased}/tags`, { tagIds: [tag.body.id] }))
        .status,
    ).toBe(200)
    expect(
      (
        await call(relay, adminToken, 'PATCH', `/api/conversations/${erased}/follower`, {
          remark: 'Ms Wang',
          notes: 'lives at 5 Garden Road',
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await call(relay, adminToken, 'POST', `/api/conversations/${erased}/notes`, {
          clientMessageId: 'note-0000001',
          text: 'private: refund owed',
        })
      ).status,
    ).toBe(201)
    const core = await signedInCore()
    await waitForCore(core, () => core.replica()?.conversation(erased)?.remark === 'Ms Wang', 'the follower')
    expect(core.search({ text: '13800000000', limit: 10 })).toHaveLength(1)
    const pushes: unknown[] = []
    core.listen({ push: (channel, payload) => channel === 'history:removed' && pushes.push(payload) })
    const agent = await connectDesktop(relay, adminToken)

    // The follower's line, the note and the activity lines of the tag and panel changes.
    const held = (await relay.store.messages.listBefore(erased, { limit: 50 }))!.messages.length
    expect(held).toBeGreaterThanOrEqual(3)
    const answer = await call<ErasureReport>(relay, adminToken, 'DELETE', `/api/conversations/${erased}`)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ conversationId: erased, messages: held })
    expect(answer.body.events).toBeGreaterThan(3)

    // The relay keeps nothing of the follower; the other follower is untouched.
    expect(await relay.store.conversations.get(erased)).toBeNull()
    expect((await relay.store.messages.listBefore(erased, { limit: 10 }))?.messages).toEqual([])
    expect(await relay.store.conversations.get('oKept00000000000000000000002')).not.toBeNull()
    const [rows] = await storedRows<{ n: number }>(
      relay.store,
      'SELECT (SELECT count(*) FROM messages WHERE conversation_id = ?) + (SELECT count(*) FROM conversation_changes WHERE conversation_id = ?) AS n',
      erased,
      erased,
    )
    expect(Number(rows!.n)).toBe(0)
    // A connected desktop hears of it…
    await eventMatching(
      agent,
      (event) => event.type === 'conversation.erased' && event.conversationId === erased,
    )
    agent.close()
    // …and a desktop core drops it from its replica and its search index, and tells the renderer.
    await waitForCore(core, () => core.replica()?.conversation(erased) === null, 'the erasure applied')
    expect(core.replica()!.messages(erased, undefined, 50)).toEqual([])
    expect(core.search({ text: '13800000000', limit: 10 })).toEqual([])
    expect(core.search({ text: 'keep', limit: 10 })).toHaveLength(1)
    expect(pushes).toContainEqual({ conversationIds: [erased], messagesBefore: null })

    // A desktop replaying from the very start receives nothing of the follower but the erasure.
    const replayed = await replayFrom(context, 0)
    for (const words of ['13800000000', 'Ms Wang', 'Garden Road', 'refund owed'])
      expect(mentions(replayed, words)).toBe(false)
    expect(
      replayed.filter((event) => JSON.stringify(event).includes(erased)).map((event) => event.type),
    ).toEqual(['conversation.erased'])
    expect(mentions(replayed, 'keep this line')).toBe(true)

    // Erasing again: nothing is left to erase.
    expect((await call(relay, adminToken, 'DELETE', `/api/conversations/${erased}`)).status).toBe(404)
  })

  test('a desktop offline during the erasure drops the follower when it replays from its old cursor', async () => {
    const { relay, adminToken } = context
    await followerWrites(relay, 'oAway00000000000000000000001', 'my address is 12 Harbour Street')
    await followerWrites(relay, 'oKept00000000000000000000002', 'keep this line')
    const proxy = await startCuttableProxy(relay.port)
    const time = createManualClock()
    const started = startTestCore({ clock: time.clock, backoff: () => 60_000 })
    cores.push(started)
    try {
      const { core } = started
      const outcome = await core.signIn({
        relayUrl: proxy.url,
        username: 'admin',
        password: 'correct horse battery',
      })
      expect(outcome.ok).toBe(true)
      await waitForConnection(core, 'live')
      await waitForCore(
        core,
        () => core.replica()?.conversation('oAway00000000000000000000001') !== null,
        'the follower',
      )
      const pushes: unknown[] = []
      core.listen({ push: (channel, payload) => channel === 'history:removed' && pushes.push(payload) })
      proxy.cut()
      await waitForConnection(core, 'offline')
      const cursor = core.replica()!.cursor()
      expect(
        (await call(relay, adminToken, 'DELETE', '/api/conversations/oAway00000000000000000000001')).status,
      ).toBe(200)
      await followerWrites(relay, 'oKept00000000000000000000002', 'and this one')
      proxy.restore()
      time.advance(60_000)
      await waitForConnection(core, 'live')
      await waitForCore(core, isCaughtUpWith(core, relay), 'the catch-up')
      expect(core.replica()!.cursor()).toBeGreaterThan(cursor)
      expect(core.replica()!.conversation('oAway00000000000000000000001')).toBeNull()
      expect(core.search({ text: 'Harbour', limit: 10 })).toEqual([])
      expect(core.search({ text: 'and this one', limit: 10 })).toHaveLength(1)
      // Whether the catch-up came as the log or a snapshot, the renderer is told to drop the follower.
      expect(pushes).toContainEqual({
        conversationIds: ['oAway00000000000000000000001'],
        messagesBefore: null,
      })
    } finally {
      await proxy.close()
    }
  })

  test('only admins erase, and the audit log names who erased whom', async () => {
    const { relay, adminToken } = context
    await followerWrites(relay, 'oAudit0000000000000000000001', 'hello')
    const supervisor = await createUser(context, 'sue', 'supervisor')
    const refused = await call<{ error: { code: string } }>(
      relay,
      supervisor,
      'DELETE',
      '/api/conversations/oAudit0000000000000000000001',
    )
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('forbidden')
    expect(await relay.store.conversations.get('oAudit0000000000000000000001')).not.toBeNull()
    expect(
      (await call(relay, adminToken, 'DELETE', '/api/conversations/oAudit0000000000000000000001')).status,
    ).toBe(200)
    const page = await call<AuditLogPage>(relay, adminToken, 'GET', '/api/audit-log')
    expect(page.body.entries[0]).toMatchObject({
      actor: 'admin',
      action: 'follower.erased',
      target: 'oAudit0000000000000000000001',
      details: { reason: 'request', messages: 1 },
    })
  })
})

test('erase-on-unsubscribe: the follower who unsubscribes is erased by the relay, and audited as such', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, {
    ...TEST_WECHAT_ENVIRONMENT,
    RELAY_ERASE_ON_UNSUBSCRIBE: 'true',
  })
  try {
    const adminToken = await signIn(relay.url)
    const context = { relay, adminToken, close: async () => undefined }
    const agent = await connectDesktop(relay, adminToken)
    await followerWrites(relay, 'oLeaving00000000000000000001', 'goodbye for now')
    await followerWrites(relay, 'oStaying00000000000000000002', 'still here')
    const answer = await sendPush(
      relay.url,
      buildPush(eventPush('oLeaving00000000000000000001', 'unsubscribe', {}, Math.floor(Date.now() / 1000)), {
        mode: 'safe',
      }),
    )
    expect(answer.text).toBe('success')
    await eventMatching(agent, (event) => event.type === 'conversation.erased')
    agent.close()
    expect(await relay.store.conversations.get('oLeaving00000000000000000001')).toBeNull()
    // The scrub runs after the commit; the audit entry is written with the erasure itself.
    const page = await call<AuditLogPage>(relay, adminToken, 'GET', '/api/audit-log')
    expect(page.body.entries[0]).toMatchObject({
      actor: 'relay',
      action: 'follower.erased',
      details: { reason: 'unsubscribe' },
    })
    await expect.poll(async () => mentions(await replayFrom(context, 0), 'goodbye for now')).toBe(false)
    expect(mentions(await replayFrom(context, 0), 'still here')).toBe(true)
  } finally {
    await relay.close()
    remove()
  }
})

test('without RELAY_ERASE_ON_UNSUBSCRIBE an unsubscribe keeps the follower', async () => {
  const context = await startSharedStateRelay()
  try {
    await followerWrites(context.relay, 'oLeaving00000000000000000001', 'goodbye for now')
    const push = eventPush('oLeaving00000000000000000001', 'unsubscribe', {}, Math.floor(Date.now() / 1000))
    expect((await sendPush(context.relay.url, buildPush(push, { mode: 'safe' }))).text).toBe('success')
    expect((await context.relay.store.conversations.get('oLeaving00000000000000000001'))?.followState).toBe(
      'unsubscribed',
    )
  } finally {
    await context.close()
  }
})

test('retention deletes old messages at the relay, in the log and on a desktop, and keeps recent ones', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(
    dataDir,
    { ...TEST_WECHAT_ENVIRONMENT, RELAY_RETENTION_DAYS: '30' },
    { dataBatchSize: 2 },
  )
  const started = startTestCore({ clock: createManualClock().clock })
  try {
    const adminToken = await signIn(relay.url)
    const context = { relay, adminToken, close: async () => undefined }
    const old = await followerWrites(relay, 'oOld000000000000000000000001', 'an old complaint', 40 * 86_400)
    await followerWrites(relay, 'oOld000000000000000000000001', 'a fresh question', 60)
    await followerWrites(relay, 'oStale0000000000000000000002', 'stale preview words', 31 * 86_400)
    expect(old.lastMessage?.text).toBe('an old complaint')
    const outcome = await started.core.signIn({
      relayUrl: relay.url,
      username: 'admin',
      password: 'correct horse battery',
    })
    expect(outcome.ok).toBe(true)
    await waitForConnection(started.core, 'live')
    const core = started.core
    expect(core.search({ text: 'complaint', limit: 10 })).toHaveLength(1)

    const report = await relay.retention!.run()
    expect(report).toMatchObject({ messages: 2, previews: 1 })
    expect(Date.now() - report.before).toBeGreaterThanOrEqual(30 * DAY_MS)
    // The relay keeps the recent message, and the conversations (with no preview of a deleted message).
    const kept = (await relay.store.messages.listBefore('oOld000000000000000000000001', { limit: 10 }))!
      .messages
    expect(kept.map((message) => message.body)).toEqual([{ type: 'text', text: 'a fresh question' }])
    expect((await relay.store.conversations.get('oStale0000000000000000000002'))?.lastMessage).toBeNull()
    // The desktop deletes the same, by the same rule, search index included.
    await waitForCore(
      core,
      () => core.search({ text: 'complaint', limit: 10 }).length === 0,
      'the expiry applied',
    )
    expect(
      core
        .replica()!
        .messages('oOld000000000000000000000001', undefined, 10)
        .map((message) => message.id),
    ).toEqual(kept.map((message) => message.id))
    expect(core.replica()!.conversation('oStale0000000000000000000002')?.lastMessage).toBeNull()
    // A replay from the start brings none of the deleted words back, but every conversation.
    const replayed = await replayFrom(context, 0)
    expect(mentions(replayed, 'an old complaint')).toBe(false)
    expect(mentions(replayed, 'stale preview words')).toBe(false)
    expect(mentions(replayed, 'a fresh question')).toBe(true)
    expect(mentions(replayed, 'oStale0000000000000000000002')).toBe(true)
  } finally {
    started.core.close()
    started.remove()
    await relay.close()
    remove()
  }
})

test('a desktop offline during a retention pass that catches up by snapshot drops the expired messages too', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, { ...TEST_WECHAT_ENVIRONMENT, RELAY_RETENTION_DAYS: '30' })
  const proxy = await startCuttableProxy(relay.port)
  const time = createManualClock()
  const started = startTestCore({ clock: time.clock, backoff: () => 60_000 })
  try {
    await followerWrites(relay, 'oSnap000000000000000000000001', 'an expired grievance', 45 * 86_400)
    await followerWrites(relay, 'oSnap000000000000000000000001', 'a recent thanks', 60)
    const { core } = started
    const outcome = await core.signIn({
      relayUrl: proxy.url,
      username: 'admin',
      password: 'correct horse battery',
    })
    expect(outcome.ok).toBe(true)
    await waitForConnection(core, 'live')
    expect(core.search({ text: 'grievance', limit: 10 })).toHaveLength(1)
    const pushes: unknown[] = []
    core.listen({ push: (channel, payload) => channel === 'history:removed' && pushes.push(payload) })
    proxy.cut()
    await waitForConnection(core, 'offline')
    const cursor = core.replica()!.cursor()
    const report = await relay.retention!.run()
    expect(report.messages).toBe(1)
    // Far enough behind that the relay sends a snapshot, which jumps past the `messages.expired`.
    for (let index = 0; index < 6; index += 1)
      await followerWrites(relay, `oSnap00000000000000000000010${index}`, `news ${index}`)
    const head = await relay.store.events.head()
    expect(head - cursor).toBeGreaterThan((await relay.store.stateSize()) * SNAPSHOT_THRESHOLD)
    proxy.restore()
    time.advance(60_000)
    await waitForConnection(core, 'live')
    await waitForCore(core, () => core.replica()!.cursor() === head, 'the catch-up')
    expect(core.search({ text: 'grievance', limit: 10 })).toEqual([])
    expect(core.search({ text: 'recent thanks', limit: 10 })).toHaveLength(1)
    expect(
      core
        .replica()!
        .messages('oSnap000000000000000000000001', undefined, 10)
        .map((message) => message.body),
    ).toEqual([{ type: 'text', text: 'a recent thanks' }])
    expect(pushes).toContainEqual({ conversationIds: [], messagesBefore: report.before })
  } finally {
    started.core.close()
    started.remove()
    await proxy.close()
    await relay.close()
    remove()
  }
})

test('without RELAY_RETENTION_DAYS the relay keeps everything', async () => {
  const context = await startSharedStateRelay()
  try {
    expect(context.relay.retention).toBeNull()
  } finally {
    await context.close()
  }
})

test('the audit log records admin actions, newest first in pages, without secrets, for admins only', async () => {
  const context = await startSharedStateRelay()
  try {
    const { relay, adminToken } = context
    await createUser(context, 'lin', 'agent')
    expect(
      (
        await call(relay, adminToken, 'PATCH', '/api/users/lin', {
          role: 'supervisor',
          password: 'new-secret-1',
        })
      ).status,
    ).toBe(200)
    const team = await call<{ id: string }>(relay, adminToken, 'POST', '/api/teams', { name: 'Night shift' })
    expect(
      (await call(relay, adminToken, 'PATCH', `/api/teams/${team.body.id}`, { agentCap: 4 })).status,
    ).toBe(200)
    await call(relay, adminToken, 'POST', '/api/tags', { name: 'Refund', color: '#aa0000' })
    const canned = await call<{ id: string }>(relay, adminToken, 'POST', '/api/canned-responses', {
      shortCode: 'hi',
      body: 'Hello!',
      isTeam: true,
    })
    expect(canned.status).toBe(201)
    expect((await call(relay, adminToken, 'DELETE', `/api/canned-responses/${canned.body.id}`)).status).toBe(
      200,
    )
    const autoReplies = await call<{ rules: unknown }>(relay, adminToken, 'GET', '/api/auto-replies')
    expect((await call(relay, adminToken, 'PUT', '/api/auto-replies', autoReplies.body.rules)).status).toBe(
      200,
    )
    expect((await call(relay, adminToken, 'DELETE', '/api/sign-in-throttles?username=lin')).status).toBe(200)
    // A personal canned reply is nobody's admin action.
    await call(relay, adminToken, 'POST', '/api/canned-responses', {
      shortCode: 'me',
      body: 'Mine',
      isTeam: false,
    })

    const page = await call<AuditLogPage>(relay, adminToken, 'GET', '/api/audit-log?limit=3')
    expect(page.status).toBe(200)
    const older = await call<AuditLogPage>(
      relay,
      adminToken,
      'GET',
      `/api/audit-log?limit=50&before=${page.body.next}`,
    )
    const entries: AuditEntry[] = [...page.body.entries, ...older.body.entries]
    expect(older.body.next).toBeNull()
    const actions = entries.map((entry) => entry.action)
    expect(actions.slice(0, 9)).toEqual([
      'sign-in-throttle.cleared',
      'auto-replies.updated',
      'canned-response.deleted',
      'canned-response.created',
      'tag.created',
      'team.updated',
      'team.created',
      'user.updated',
      'user.created',
    ])
    expect(entries.find((entry) => entry.action === 'user.created')).toMatchObject({
      actor: 'admin',
      target: 'lin',
      details: { role: 'agent' },
    })
    expect(entries[0]).toMatchObject({ target: 'lin', details: { cleared: 0 } })
    expect(entries.map((entry) => entry.id)).toEqual(
      [...entries.map((entry) => entry.id)].sort((a, b) => b - a),
    )
    const edit = entries.find((entry) => entry.action === 'user.updated')!
    expect(edit).toMatchObject({
      actor: 'admin',
      target: 'lin',
      details: { role: 'supervisor', passwordChanged: true },
    })
    expect(JSON.stringify(entries)).not.toContain('new-secret-1')
    expect(entries.find((entry) => entry.action === 'team.updated')?.details).toEqual({ agentCap: 4 })

    const agentToken = await createUser(context, 'bo', 'agent')
    const refused = await call<{ error: { code: string } }>(relay, agentToken, 'GET', '/api/audit-log')
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('forbidden')
    const supervisorToken = await signIn(relay.url, 'lin', 'new-secret-1')
    expect((await call(relay, supervisorToken, 'GET', '/api/audit-log')).status).toBe(403)
    expect((await call(relay, adminToken, 'GET', '/api/audit-log?limit=0')).status).toBe(400)

    const openApi = await call<{ paths: Record<string, Record<string, unknown>> }>(
      relay,
      adminToken,
      'GET',
      '/api/openapi.json',
    )
    expect(Object.keys(openApi.body.paths['/api/audit-log'] ?? {})).toContain('get')
    expect(Object.keys(openApi.body.paths['/api/conversations/{id}'] ?? {})).toContain('delete')
  } finally {
    await context.close()
  }
})
