import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Conversation } from '../../../common/domain/conversation.js'
import { createRelay, type Relay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { storedRows } from '../../support/store-rows.js'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { buildPush, sendPush, textMessage } from '../relay/push-builder.js'
import { ADMIN_PASSWORD, connectAgent, signIn } from '../relay/relay-fixture.js'
import { PNG_BYTES } from '../outbound/outbound-fixture.js'

// One person who follows both accounts: WeChat gives them the same-looking openid here on purpose, to
// show the pair, not the openid, is the conversation.
const OPENID = 'oTwoAccountsFollower0000001'
/** The person behind both: the two accounts are bound to one open platform. */
const UNIONID = 'oUnionTwoAccountsPerson00001'

interface TwoAccounts {
  readonly relay: Relay
  readonly brand: WeChatSimulator
  readonly region: WeChatSimulator
  readonly token: string
  readonly close: () => Promise<void>
}

/** One relay serving two accounts from an accounts file, each account's WeChat its own simulator. */
async function startTwoAccounts(): Promise<TwoAccounts> {
  const brand = await startWeChatSimulator({
    appId: 'wx00000000000000a1',
    appSecret: 'brand-secret-0123456789',
    webhookToken: 'brandToken',
    encodingAesKey: 'A'.repeat(43),
    followers: [OPENID],
    unionIds: { [OPENID]: UNIONID },
  })
  const region = await startWeChatSimulator({
    appId: 'wx00000000000000b2',
    appSecret: 'region-secret-0123456789',
    webhookToken: 'regionToken',
    encodingAesKey: 'B'.repeat(43),
    followers: [OPENID],
    unionIds: { [OPENID]: UNIONID },
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-accounts-'))
  const accountsFile = join(dataDir, 'accounts.json')
  writeFileSync(
    accountsFile,
    JSON.stringify(
      [
        ['brand', '品牌服务号', brand],
        ['region', 'Region B', region],
      ].map(([key, name, simulator]) => {
        const wechat = simulator as WeChatSimulator
        return {
          key,
          name,
          appId: wechat.appId,
          appSecret: wechat.appSecret,
          token: wechat.webhookToken,
          encodingAESKey: wechat.encodingAesKey,
          apiBase: wechat.apiBase,
          // The region account answers with fewer replies per window than WeChat's five.
          ...(key === 'region' ? { messageQuota: 2 } : {}),
        }
      }),
    ),
  )
  const relay = await createRelay(
    loadConfig({
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RELAY_ACCOUNTS_FILE: accountsFile,
      ...(await storeEnvironmentOfThisTest(dataDir)),
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  brand.setRelayUrl(`${relay.url}/wechat/brand`)
  region.setRelayUrl(`${relay.url}/wechat/region`)
  return {
    relay,
    brand,
    region,
    token: await signIn(relay.url),
    close: async () => {
      await relay.close()
      await Promise.all([brand.close(), region.close()])
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The REST API, answers read as records. */
const api = (relay: Relay, token: string, method: string, path: string, body?: unknown) =>
  call<Record<string, unknown>>(relay, token, method, path, body)

test('each account at its own path: the same openid is two conversations, each answered with its own token', async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    expect((await brand.follower(OPENID).sendText('品牌的订单在哪？')).status).toBe(200)
    expect((await region.follower(OPENID).sendText('Where is my region order?')).status).toBe(200)

    const listed = await api(relay, token, 'GET', '/api/conversations?limit=50')
    const conversations = listed.body['conversations'] as Conversation[]
    expect(
      conversations
        .map(({ id, accountKey, openId }) => ({ id, accountKey, openId }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([
      { id: `brand:${OPENID}`, accountKey: 'brand', openId: OPENID },
      { id: `region:${OPENID}`, accountKey: 'region', openId: OPENID },
    ])

    for (const [key, text] of [
      ['brand', '品牌这边帮您查'],
      ['region', 'Region here, checking'],
    ] as const) {
      const reply = await api(relay, token, 'POST', `/api/conversations/${key}:${OPENID}/messages`, {
        clientMessageId: `reply-${key}-0001`,
        body: { type: 'text', text },
      })
      expect(reply.status).toBe(202)
    }
    // Each simulator accepts only the tokens it issued: a delivery there proves the account's own token.
    const toBrand = await brand.waitForDelivery((message) => message.touser === OPENID)
    const toRegion = await region.waitForDelivery((message) => message.touser === OPENID)
    expect(JSON.stringify(toBrand)).toContain('品牌这边帮您查')
    expect(JSON.stringify(toRegion)).toContain('Region here, checking')
    expect(brand.delivered).toHaveLength(1)
    expect(region.delivered).toHaveLength(1)
    expect(brand.calls.some((call) => call.endpoint === 'stable_token')).toBe(true)
    expect(region.calls.some((call) => call.endpoint === 'stable_token')).toBe(true)
  } finally {
    await accounts.close()
  }
})

test("a push signed with another account's secrets, or to an unknown account, is refused and stored nowhere", async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region } = accounts
  try {
    const stored = async () => (await storedRows(relay.store, 'SELECT id FROM messages')).length
    const before = await stored()
    // Region's token, key and AppID, pushed to brand's path.
    const forged = buildPush(textMessage(OPENID, '9100000000000000001', '冒名'), {
      mode: 'safe',
      token: region.webhookToken,
      appId: region.appId,
      encodingAesKey: region.encodingAesKey!,
    })
    const atBrand = { ...forged, path: forged.path.replace('/wechat?', '/wechat/brand?') }
    const refused = await sendPush(relay.url, atBrand)
    expect(refused.status).toBe(401)
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'unauthorized' } })
    // The same push at its own account's path is taken.
    const atRegion = { ...forged, path: forged.path.replace('/wechat?', '/wechat/region?') }
    expect(await sendPush(relay.url, atRegion)).toEqual({ status: 200, text: 'success' })
    const unknown = await sendPush(relay.url, {
      ...forged,
      path: forged.path.replace('/wechat?', '/wechat/nobody?'),
    })
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: 'not_found' } })
    // No default account is configured: `/wechat` itself serves nobody.
    expect((await sendPush(relay.url, forged)).status).toBe(404)
    expect(await stored()).toBe(before + 1)
    expect(brand.calls).toHaveLength(0)
  } finally {
    await accounts.close()
  }
})

test("an agent of a team limited to one account never sees the other's conversations by any route, nor acts on them", async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    const team = await api(relay, token, 'POST', '/api/teams', { name: '品牌组', accountKeys: ['brand'] })
    expect(team.status).toBe(201)
    expect(team.body).toMatchObject({ accountKeys: ['brand'] })
    const created = await api(relay, token, 'POST', '/api/users', {
      username: 'brand.agent',
      password: 'brand agent password',
      role: 'agent',
    })
    expect(created.status).toBe(201)
    expect(
      (await api(relay, token, 'PATCH', '/api/users/brand.agent', { teamId: team.body['id'] })).status,
    ).toBe(200)
    const agentToken = await signIn(relay.url, 'brand.agent', 'brand agent password')

    await brand.follower(OPENID).sendText('品牌：第一条')
    await region.follower(OPENID).sendText('region: first')
    // Replay from the start, then live.
    const desktop = connectAgent(relay.url, agentToken)
    await desktop.caughtUp
    await region.follower(OPENID).sendText('region: live')
    await brand.follower(OPENID).sendText('品牌：实时')
    await desktop.waitForSeq(await relay.store.events.head())
    const seen = JSON.stringify(desktop.events)
    expect(seen).toContain('品牌：实时')
    expect(seen).not.toContain('region:')
    expect(seen).not.toContain(`region:${OPENID}`)
    desktop.close()

    const listed = await api(relay, agentToken, 'GET', '/api/conversations?limit=50')
    expect((listed.body['conversations'] as Conversation[]).map(({ id }) => id)).toEqual([`brand:${OPENID}`])
    const regionId = `region:${OPENID}`
    const messages = await api(relay, agentToken, 'GET', `/api/conversations/${regionId}/messages`)
    expect(messages.status).toBe(403)
    expect(JSON.stringify(messages.body)).not.toContain('region: first')
    const reply = await api(relay, agentToken, 'POST', `/api/conversations/${regionId}/messages`, {
      clientMessageId: 'reply-outside-0001',
      body: { type: 'text', text: '越权' },
    })
    expect(reply.status).toBe(403)
    const claim = await api(relay, agentToken, 'PUT', `/api/conversations/${regionId}/assignee`, {
      assignee: 'brand.agent',
      version: 0,
    })
    expect(claim.status).toBe(404)
    // A supervisor cannot hand the other account's conversation to this agent either.
    const handed = await api(relay, token, 'PUT', `/api/conversations/${regionId}/assignee`, {
      assignee: 'brand.agent',
      version: (await relay.store.conversations.get(regionId))!.version,
    })
    expect(handed.status).toBe(400)
    expect(region.delivered).toHaveLength(0)
    // Their own account's conversation they work as before.
    const own = await api(relay, agentToken, 'PUT', `/api/conversations/brand:${OPENID}/assignee`, {
      assignee: 'brand.agent',
      version: (await relay.store.conversations.get(`brand:${OPENID}`))!.version,
    })
    expect(own.status).toBe(200)
  } finally {
    await accounts.close()
  }
})

test('tags and canned replies limited to an account apply to its conversations only', async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    await brand.follower(OPENID).sendText('品牌：要发票')
    await region.follower(OPENID).sendText('region: invoice please')
    const tag = await api(relay, token, 'POST', '/api/tags', {
      name: '品牌VIP',
      color: '#c2255c',
      accountKeys: ['brand'],
    })
    expect(tag.status).toBe(201)
    expect(tag.body).toMatchObject({ accountKeys: ['brand'] })
    const tagId = tag.body['id'] as string
    const onRegion = await api(relay, token, 'PUT', `/api/conversations/region:${OPENID}/tags`, {
      tagIds: [tagId],
    })
    expect(onRegion.status).toBe(400)
    expect(JSON.stringify(onRegion.body)).toContain('not for this official account')
    const onBrand = await api(relay, token, 'PUT', `/api/conversations/brand:${OPENID}/tags`, {
      tagIds: [tagId],
    })
    expect(onBrand.status).toBe(200)

    const canned = await api(relay, token, 'POST', '/api/canned-responses', {
      shortCode: 'brandpic',
      body: '品牌的发票说明',
      isTeam: true,
      accountKeys: ['brand'],
      image: { fileName: 'dot.png', dataBase64: PNG_BYTES.toString('base64') },
    })
    expect(canned.status).toBe(201)
    const cannedId = canned.body['id'] as string
    const forRegion = await api(relay, token, 'POST', `/api/canned-responses/${cannedId}/media`, {
      accountKey: 'region',
    })
    expect(forRegion.status).toBe(400)
    expect(region.calls.some((call) => call.endpoint === 'media/upload')).toBe(false)
    const forBrand = await api(relay, token, 'POST', `/api/canned-responses/${cannedId}/media`, {
      accountKey: 'brand',
    })
    expect(forBrand.status).toBe(201)
    expect(brand.calls.some((call) => call.endpoint === 'media/upload')).toBe(true)
    // Each account keeps its own upload: the next send reuses it.
    const again = await api(relay, token, 'POST', `/api/canned-responses/${cannedId}/media`, {
      accountKey: 'brand',
    })
    expect(again.body).toEqual(forBrand.body)
    expect(brand.calls.filter((call) => call.endpoint === 'media/upload')).toHaveLength(1)
  } finally {
    await accounts.close()
  }
})

test("a supervisor of a team limited to one account watches that account's board", async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    const team = await api(relay, token, 'POST', '/api/teams', { name: '品牌主管', accountKeys: ['brand'] })
    await api(relay, token, 'POST', '/api/users', {
      username: 'brand.lead',
      password: 'brand lead password',
      role: 'supervisor',
    })
    await api(relay, token, 'PATCH', '/api/users/brand.lead', { teamId: team.body['id'] })
    const lead = connectAgent(relay.url, await signIn(relay.url, 'brand.lead', 'brand lead password'))
    await lead.caughtUp
    await brand.follower(OPENID).sendText('品牌：排队中')
    await region.follower(OPENID).sendText('region: waiting')
    const socket = lead.socket as unknown as {
      timeout(ms: number): { emitWithAck(name: string, payload: unknown): Promise<unknown> }
    }
    const watched = (await socket.timeout(5000).emitWithAck('board:watch', {})) as {
      ok: boolean
      value: { queue: { conversationId: string }[] }
    }
    expect(watched.ok).toBe(true)
    expect(watched.value.queue.map((item) => item.conversationId)).toEqual([`brand:${OPENID}`])
    // The admin, in no team, watches every account's board.
    const admin = connectAgent(relay.url, token)
    await admin.caughtUp
    const all = (await (admin.socket as unknown as typeof socket)
      .timeout(5000)
      .emitWithAck('board:watch', {})) as {
      value: { queue: { conversationId: string }[] }
    }
    expect(all.value.queue.map((item) => item.conversationId).sort()).toEqual([
      `brand:${OPENID}`,
      `region:${OPENID}`,
    ])
    // Live updates keep to the scope too.
    const updated = new Promise<{ queue: { conversationId: string }[] }>((resolve) =>
      lead.socket.on('board:updated' as never, (board: { queue: { conversationId: string }[] }) => {
        if (board.queue.length > 0) resolve(board)
      }),
    )
    await region.follower('oTwoAccountsFollower0000002').sendText('region: another')
    await brand.follower('oTwoAccountsFollower0000003').sendText('品牌：又一个')
    const next = await updated
    expect(next.queue.every((item) => item.conversationId.startsWith('brand:'))).toBe(true)
    lead.close()
    admin.close()
  } finally {
    await accounts.close()
  }
})

test('auto-assignment hands a conversation only to an agent whose team answers its account', async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    const team = await api(relay, token, 'POST', '/api/teams', {
      name: '品牌自动分配',
      accountKeys: ['brand'],
      isAutoAssigning: true,
    })
    await api(relay, token, 'POST', '/api/users', {
      username: 'auto.ann',
      password: 'auto ann password',
      role: 'agent',
    })
    await api(relay, token, 'PATCH', '/api/users/auto.ann', { teamId: team.body['id'] })
    const ann = connectAgent(relay.url, await signIn(relay.url, 'auto.ann', 'auto ann password'))
    await ann.caughtUp
    const socket = ann.socket as unknown as {
      timeout(ms: number): { emitWithAck(name: string, payload: unknown): Promise<unknown> }
    }
    await socket.timeout(5000).emitWithAck('presence:set', { status: 'online' })
    await region.follower(OPENID).sendText('region: anyone?')
    await brand.follower(OPENID).sendText('品牌：有人吗？')
    await expect
      .poll(async () => (await relay.store.conversations.get(`brand:${OPENID}`))?.assignee)
      .toBe('auto.ann')
    expect((await relay.store.conversations.get(`region:${OPENID}`))?.assignee).toBeNull()
    ann.close()
  } finally {
    await accounts.close()
  }
})

test('the same person in two accounts is linked by the unionid WeChat gives, looked up once off the webhook path', async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    const desktop = connectAgent(relay.url, token)
    await desktop.caughtUp
    await brand.follower(OPENID).sendText('品牌：我是老客户')
    await region.follower(OPENID).sendText('region: same person here')
    await region.follower(OPENID).sendText('region: again')
    for (const id of [`brand:${OPENID}`, `region:${OPENID}`]) {
      await expect.poll(async () => (await relay.store.conversations.get(id))?.unionId).toBe(UNIONID)
    }
    // Once per follower: a second message does not ask again.
    expect(region.calls.filter((call) => call.endpoint === 'user/info')).toHaveLength(1)
    expect(brand.calls.filter((call) => call.endpoint === 'user/info')).toHaveLength(1)
    // Desktops hear it as conversation updates.
    await desktop.waitForSeq(await relay.store.events.head())
    const linked = desktop.events.filter(
      (event) => event.type === 'conversation.updated' && event.conversation.unionId === UNIONID,
    )
    expect(linked.map((event) => (event as { conversation: Conversation }).conversation.id).sort()).toEqual([
      `brand:${OPENID}`,
      `region:${OPENID}`,
    ])
    desktop.close()
  } finally {
    await accounts.close()
  }
})

test("an account's own window quota holds its followers' replies, and desktops are told it", async () => {
  const accounts = await startTwoAccounts()
  const { relay, brand, region, token } = accounts
  try {
    const desktop = connectAgent(relay.url, token)
    const started = new Promise<{
      accounts: { key: string; replyWindow?: { message: { quota: number } } }[]
    }>((resolve) => desktop.socket.once('sync:started' as never, resolve as never))
    const { accounts: named } = await started
    expect(named.find((account) => account.key === 'region')?.replyWindow?.message.quota).toBe(2)
    expect(named.find((account) => account.key === 'brand')?.replyWindow?.message.quota).toBe(5)
    desktop.close()
    await brand.follower(OPENID).sendText('品牌：三个问题')
    await region.follower(OPENID).sendText('region: three questions')
    const reply = (key: string, index: number) =>
      api(relay, token, 'POST', `/api/conversations/${key}:${OPENID}/messages`, {
        clientMessageId: `quota-${key}-${index}-0000`,
        body: { type: 'text', text: `answer ${index}` },
      })
    expect((await reply('region', 1)).status).toBe(202)
    expect((await reply('region', 2)).status).toBe(202)
    const third = await reply('region', 3)
    expect(third.status).toBe(422)
    expect(third.body).toMatchObject({ error: { code: 'quota_exhausted' } })
    for (const index of [1, 2, 3]) expect((await reply('brand', index)).status).toBe(202)
  } finally {
    await accounts.close()
  }
})
