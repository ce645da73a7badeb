import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AccountSecretsError } from '../../../relay/accounts/account-registry.js'
import { createRelay, type Relay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { storedRows } from '../../support/store-rows.js'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { ADMIN_PASSWORD, connectAgent, signIn } from '../relay/relay-fixture.js'

const SECRET_KEY = 'a relay secret key of at least thirty-two characters'

async function startRelay(dataDir: string, simulator: WeChatSimulator, secretKey?: string): Promise<Relay> {
  return createRelay(
    loadConfig({
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      WECHAT_API_BASE: simulator.apiBase,
      ...(secretKey === undefined ? {} : { RELAY_SECRET_KEY: secretKey }),
      ...(await storeEnvironmentOfThisTest(dataDir)),
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
}

/** The REST API, answers read as records. */
const api = (relay: Relay, token: string, method: string, path: string, body?: unknown) =>
  call<Record<string, unknown>>(relay, token, method, path, body)

test('an admin adds an account in the console: served at once, secrets write-only and sealed at rest, refused to start without its key', async () => {
  const region = await startWeChatSimulator({
    appId: 'wx00000000000000c3',
    appSecret: 'console-secret-0123456789',
    webhookToken: 'consoleToken',
    encodingAesKey: 'C'.repeat(43),
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-console-accounts-'))
  let relay = await startRelay(dataDir, region, SECRET_KEY)
  try {
    const admin = await signIn(relay.url)
    const request = {
      key: 'region',
      name: '华东服务号',
      appId: region.appId,
      appSecret: region.appSecret,
      token: region.webhookToken,
      encodingAESKey: region.encodingAesKey,
    }
    const desktop = connectAgent(relay.url, admin)
    await desktop.caughtUp
    const created = await api(relay, admin, 'POST', '/api/accounts', request)
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      key: 'region',
      name: '华东服务号',
      appId: region.appId,
      source: 'console',
      isEnabled: true,
      webhookPath: '/wechat/region',
      hasAppSecret: true,
      hasEncodingAesKey: true,
      hasPreviousEncodingAesKey: false,
      messageQuota: 5,
      eventQuota: 3,
    })
    // Write-only: no answer, listing, audit entry or event carries a secret.
    const listed = await api(relay, admin, 'GET', '/api/accounts')
    const audit = await api(relay, admin, 'GET', '/api/audit-log')
    const events = JSON.stringify(await relay.store.events.after(0, 1000))
    for (const text of [JSON.stringify(listed.body), JSON.stringify(audit.body), events]) {
      expect(text).not.toContain(region.appSecret)
      expect(text).not.toContain(region.encodingAesKey)
      expect(text).not.toContain(region.webhookToken)
    }
    expect(JSON.stringify(audit.body)).toContain('appSecretChanged')
    const [row] = await storedRows<{ sealed_secrets: string }>(
      relay.store,
      'SELECT sealed_secrets FROM accounts',
    )
    expect(row!.sealed_secrets).not.toContain(region.appSecret)
    expect(row!.sealed_secrets).toMatch(/^v1\./)
    // Taken keys and AppIDs are conflicts; agents may not manage accounts.
    expect((await api(relay, admin, 'POST', '/api/accounts', request)).status).toBe(409)
    expect(
      (await api(relay, admin, 'POST', '/api/accounts', { ...request, key: 'other' })).body,
    ).toMatchObject({ error: { code: 'conflict' } })

    // A desktop hears the new account's name, never its secrets; its follower's push is stored; the
    // reply goes out with its own token.
    await desktop.waitForSeq(await relay.store.events.head())
    expect(desktop.events.filter((event) => event.type === 'account.upserted')).toEqual([
      expect.objectContaining({ account: { key: 'region', name: '华东服务号', isEnabled: true } }),
    ])
    region.setRelayUrl(`${relay.url}/wechat/region`)
    const follower = region.follower()
    expect((await follower.sendText('新账号能收到吗？')).status).toBe(200)
    const reply = await api(relay, admin, 'POST', `/api/conversations/region:${follower.openId}/messages`, {
      clientMessageId: 'console-account-reply-1',
      body: { type: 'text', text: '收到了' },
    })
    expect(reply.status).toBe(202)
    await region.waitForDelivery((message) => message.touser === follower.openId)
    desktop.close()

    // Its own window quota, set by the admin: one more reply is all this window allows now.
    const quota = await api(relay, admin, 'PATCH', '/api/accounts/region', { messageQuota: 2 })
    expect(quota.body).toMatchObject({ messageQuota: 2 })
    const second = await api(relay, admin, 'POST', `/api/conversations/region:${follower.openId}/messages`, {
      clientMessageId: 'console-account-reply-2',
      body: { type: 'text', text: '第二条' },
    })
    expect(second.status).toBe(202)
    const third = await api(relay, admin, 'POST', `/api/conversations/region:${follower.openId}/messages`, {
      clientMessageId: 'console-account-reply-3',
      body: { type: 'text', text: '第三条' },
    })
    expect(third.body).toMatchObject({ error: { code: 'quota_exhausted' } })

    // Disabled: its webhook path serves nobody, and the push is stored nowhere.
    const disabled = await api(relay, admin, 'PATCH', '/api/accounts/region', { isEnabled: false })
    expect(disabled.body).toMatchObject({ isEnabled: false })
    const stored = (await storedRows(relay.store, 'SELECT id FROM messages')).length
    expect((await follower.sendText('还在吗')).status).toBe(404)
    expect((await storedRows(relay.store, 'SELECT id FROM messages')).length).toBe(stored)
    await api(relay, admin, 'PATCH', '/api/accounts/region', { isEnabled: true })
  } finally {
    await relay.close()
  }
  try {
    // Stored secrets and no key, or another key: the relay refuses to start rather than serve half-blind.
    await expect(startRelay(dataDir, region)).rejects.toThrow(AccountSecretsError)
    await expect(startRelay(dataDir, region, 'another secret key of thirty-two characters!')).rejects.toThrow(
      /does not open the secrets of account region/,
    )
    relay = await startRelay(dataDir, region, SECRET_KEY)
    region.setRelayUrl(`${relay.url}/wechat/region`)
    expect((await region.follower().sendText('重启后')).status).toBe(200)
    await relay.close()
  } finally {
    await region.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('without RELAY_SECRET_KEY the console cannot keep an account, and says which setting is missing', async () => {
  const simulator = await startWeChatSimulator()
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-console-accounts-'))
  const relay = await startRelay(dataDir, simulator)
  try {
    const admin = await signIn(relay.url)
    const refused = await api(relay, admin, 'POST', '/api/accounts', {
      key: 'brand',
      name: 'Brand',
      appId: simulator.appId,
      appSecret: simulator.appSecret,
      token: 'brandToken',
    })
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ error: { code: 'not_configured' } })
    expect(JSON.stringify(refused.body)).toContain('RELAY_SECRET_KEY')
    expect((await api(relay, admin, 'POST', '/api/accounts', { key: 'Bad Key' })).status).toBe(400)
  } finally {
    await relay.close()
    await simulator.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
