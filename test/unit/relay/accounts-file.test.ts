import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '../../../relay/config.js'

const brand = {
  key: 'brand-a',
  name: '品牌 A 服务号',
  appId: 'wx00000000000000a1',
  appSecret: 'secret-a',
  token: 'tokenA',
  encodingAESKey: 'A'.repeat(43),
}
const region = {
  key: 'region-b',
  name: 'Region B',
  appId: 'wx00000000000000b2',
  appSecret: 'secret-b',
  token: 'tokenB',
  encodingAESKey: 'B'.repeat(43),
  encodingAESKeyPrevious: 'C'.repeat(43),
}

let dir: string
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kefu-accounts-'))
})
test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

function fileOf(content: unknown): string {
  const path = join(dir, 'accounts.json')
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

function refusalOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('the configuration was taken')
}

test('the accounts file declares each account; WECHAT_* still defines `default`', () => {
  const config = loadConfig({
    RELAY_ACCOUNTS_FILE: fileOf([brand, region]),
    WECHAT_TOKEN: 'abcdef',
    WECHAT_APPID: 'wx0123456789abcdef',
  })
  expect(config.accounts.map((account) => account.key)).toEqual(['brand-a', 'region-b', 'default'])
  expect(config.accounts[1]).toMatchObject({
    name: 'Region B',
    appId: region.appId,
    appSecret: 'secret-b',
    token: 'tokenB',
    encodingAesKeys: ['B'.repeat(43), 'C'.repeat(43)],
    apiBase: 'https://api.weixin.qq.com',
    isPlaintextAccepted: false,
  })
})

test('a bad accounts file stops the relay, naming the variable and what is wrong', () => {
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: join(dir, 'none.json') }).message).toMatch(
    /^RELAY_ACCOUNTS_FILE: .*none\.json cannot be read \(ENOENT\)/,
  )
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: fileOf('[{') }).message).toMatch(/is not JSON/)
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: fileOf([{ ...brand, key: 'Brand A' }]) }).message).toMatch(
    /0\.key must be lower-case letters/,
  )
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: fileOf([{ ...brand, token: 'a b' }]) }).message).toMatch(
    /0\.token must be 3 to 32 letters or digits/,
  )
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: fileOf([{ ...brand, secret: 'typo' }]) }).message).toMatch(
    /RELAY_ACCOUNTS_FILE/,
  )
  expect(refusalOf({ RELAY_ACCOUNTS_FILE: fileOf([brand, { ...region, key: 'brand-a' }]) }).message).toMatch(
    /key brand-a appears twice/,
  )
  expect(
    refusalOf({ RELAY_ACCOUNTS_FILE: fileOf([brand, { ...region, appId: brand.appId }]) }).message,
  ).toMatch(/appId wx00000000000000a1 appears twice/)
  expect(
    refusalOf({
      RELAY_ACCOUNTS_FILE: fileOf([{ ...brand, key: 'default' }]),
      WECHAT_TOKEN: 'abcdef',
      WECHAT_APPID: 'wx0123456789abcdef',
    }).message,
  ).toMatch(/key default appears twice/)
})
