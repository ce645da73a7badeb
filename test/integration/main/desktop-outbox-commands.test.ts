import { expect, test } from '@playwright/test'
import type { QueuedCommand } from '../../../common/ipc/channels.js'
import { tagSchema } from '../../../common/relay/entity-schemas.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import { ADMIN_PASSWORD, startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'
import {
  createManualClock,
  startCuttableProxy,
  startTestCore,
  waitForConnection,
  waitForCore,
} from './desktop-fixture.js'

type Fixture = Awaited<ReturnType<typeof startRelayWithSimulator>>
type TestCore = ReturnType<typeof startTestCore>

const RETRY_MS = 5 * 60_000

test.describe('conversation commands made offline go through the outbox', () => {
  let fixture: Fixture
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>
  const cores: TestCore[] = []
  const time = createManualClock()

  async function signedIn(relayUrl: string, username: string, password: string): Promise<DesktopCore> {
    const started = startTestCore({ clock: time.clock, backoff: () => RETRY_MS })
    cores.push(started)
    const outcome = await started.core.signIn({ relayUrl, username, password })
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    await waitForConnection(started.core, 'live')
    return started.core
  }

  /** The agent (behind a cuttable link), a supervisor colleague (direct) and one conversation both see. */
  async function scene(openId: string) {
    const agent = await signedIn(proxy.url, 'admin', ADMIN_PASSWORD)
    const created = await agent.createUser({ username: 'sue', password: 'sue-password', role: 'supervisor' })
    expect(created.ok, JSON.stringify(created)).toBe(true)
    const colleague = await signedIn(`http://127.0.0.1:${fixture.relay.port}`, 'sue', 'sue-password')
    const follower = fixture.simulator.follower(openId)
    expect((await follower.sendText('请问退款到账了吗')).status).toBe(200)
    await waitForCore(agent, () => agent.inbox().length === 1, 'the conversation at the agent')
    await waitForCore(colleague, () => colleague.inbox().length === 1, 'the conversation at the colleague')
    const heard: QueuedCommand[] = []
    agent.listen({
      push: (channel, payload) => {
        if (channel === 'commands:changed') heard.push(...(payload as readonly QueuedCommand[]))
      },
    })
    return { agent, colleague, conversationId: follower.openId, heard }
  }

  async function goOffline(core: DesktopCore): Promise<void> {
    proxy.cut()
    await waitForConnection(core, 'offline')
  }

  async function comeBack(core: DesktopCore): Promise<void> {
    proxy.restore()
    time.advance(RETRY_MS)
    await waitForConnection(core, 'live')
    await waitForCore(core, () => core.outbox()!.queued().length === 0, 'the outbox to drain')
  }

  test.beforeEach(async () => {
    fixture = await startRelayWithSimulator()
    proxy = await startCuttableProxy(fixture.relay.port)
  })

  test.afterEach(async () => {
    for (const started of cores.splice(0)) {
      started.core.close()
      started.remove()
    }
    await proxy.close()
    await fixture.close()
  })

  test('an offline claim is pending, then claimed on reconnect', async () => {
    const { agent, conversationId, heard } = await scene('oOutboxClaimFollower0000000001')
    await goOffline(agent)
    const seen = agent.replica()!.conversation(conversationId)!
    const answer = await agent.assign({ conversationId, assignee: 'admin', version: seen.version })
    expect(answer).toMatchObject({ ok: true, isQueued: true, value: { assignee: null } })
    expect(agent.pendingCommands()).toMatchObject([
      { command: 'assign', state: 'pending', request: { assignee: 'admin' } },
    ])

    await comeBack(agent)
    expect((await fixture.relay.store.conversations.get(conversationId))?.assignee).toBe('admin')
    await waitForCore(
      agent,
      () => agent.replica()!.conversation(conversationId)?.assignee === 'admin',
      'claimed',
    )
    expect(agent.pendingCommands()).toEqual([])
    expect(heard.at(-1)).toMatchObject({ command: 'assign', state: 'applied', code: null })
  })

  test('an offline status change after a colleague changed it comes back as a conflict naming them', async () => {
    const { agent, colleague, conversationId, heard } = await scene('oOutboxStatusFollower000000001')
    const seen = agent.replica()!.conversation(conversationId)!
    await goOffline(agent)
    const mine = await agent.setStatus({ conversationId, status: 'resolved', version: seen.version })
    expect(mine).toMatchObject({ ok: true, isQueued: true })
    const theirs = await colleague.setStatus({ conversationId, status: 'pending', version: seen.version })
    expect(theirs.ok, JSON.stringify(theirs)).toBe(true)

    await comeBack(agent)
    expect((await fixture.relay.store.conversations.get(conversationId))?.status).toBe('pending')
    const refused = heard.at(-1)!
    expect(refused).toMatchObject({
      command: 'set-status',
      state: 'refused',
      code: 'conflict',
      changedBy: 'sue',
    })
    expect(refused.reason).toContain('sue')
    await waitForCore(
      agent,
      () => agent.replica()!.conversation(conversationId)?.status === 'pending',
      'the truth',
    )
  })

  test('an offline tag add keeps the tag a colleague added meanwhile', async () => {
    const { agent, colleague, conversationId } = await scene('oOutboxTagsFollower00000000001')
    const createTag = async (name: string, color: string) => {
      const created = await agent.relayCall({ name: 'tag:create', request: { name, color, accountKeys: [] } })
      if (!created.ok) throw new Error(`tag ${name} not created: ${created.message}`)
      return tagSchema.parse(created.value)
    }
    const refund = { value: await createTag('退款', '#aa3300') }
    const vip = { value: await createTag('VIP', '#3300aa') }
    await waitForCore(colleague, () => colleague.tags().length === 2, 'the tags at the colleague')
    await goOffline(agent)
    expect(await agent.setTags({ conversationId, tagIds: [refund.value.id] })).toMatchObject({
      isQueued: true,
    })
    const theirs = await colleague.setTags({ conversationId, tagIds: [vip.value.id] })
    expect(theirs.ok, JSON.stringify(theirs)).toBe(true)

    await comeBack(agent)
    const tagIds = (await fixture.relay.store.conversations.get(conversationId))?.tagIds ?? []
    expect([...tagIds].sort()).toEqual([refund.value.id, vip.value.id].sort())
  })

  test('an offline reply and an offline resolve reach the relay in the order they were made', async () => {
    const { agent, conversationId } = await scene('oOutboxOrderFollower0000000001')
    const seen = agent.replica()!.conversation(conversationId)!
    await goOffline(agent)
    await agent.send({
      conversationId,
      clientMessageId: 'outbox-order-reply-1',
      body: { type: 'text', text: '已退款' },
    })
    await agent.setStatus({ conversationId, status: 'resolved', version: seen.version })
    expect(
      agent
        .outbox()!
        .queued()
        .map((entry) => entry.command),
    ).toEqual(['message:send', 'conversation:set-status'])

    await comeBack(agent)
    const head = await fixture.relay.store.events.head()
    const events = await fixture.relay.store.events.after(0, head + 1)
    const replyAt = events.findIndex(
      (event) => event.type === 'message.created' && event.message.clientMessageId === 'outbox-order-reply-1',
    )
    const resolvedAt = events.findIndex(
      (event) => event.type === 'conversation.updated' && event.conversation.status === 'resolved',
    )
    expect(replyAt).toBeGreaterThanOrEqual(0)
    expect(resolvedAt).toBeGreaterThan(replyAt)
    expect(agent.outbox()!.entry('outbox-order-reply-1')?.state).toBe('sent')
  })
})
