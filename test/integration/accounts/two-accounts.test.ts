import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Conversation } from '../../../common/domain/conversation.js'
import { createRelay, type Relay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { storedRows } from '../../support/store-rows.js'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { buildPush, sendPush, textMessage } from '../relay/push-builder.js'
import { ADMIN_PASSWORD, connectAgent, signIn } from '../relay/relay-fixture.js'

// One person who follows both accounts: WeChat gives them the same-looking openid here on purpose, to
// show the pair, not the openid, is the conversation.
const OPENID = 'oTwoAccountsFollower0000001'

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
  })
  const region = await startWeChatSimulator({
    appId: 'wx00000000000000b2',
    appSecret: 'region-secret-0123456789',
    webhookToken: 'regionToken',
    encodingAesKey: 'B'.repeat(43),
    followers: [OPENID],
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

async function api(relay: Relay, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${relay.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

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
