import { expect, test } from '@playwright/test'
import { ConfigError, loadConfig } from '../../../relay/config.js'

test('defaults: port 8080, ./.kefu-data, no WeChat', () => {
  const config = loadConfig({})
  expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', accounts: [], adminPassword: null })
  expect(config.dataDir.endsWith('.kefu-data')).toBe(true)
})

test('a malformed or half-set variable is named', () => {
  const variableOf = (environment: Record<string, string>): string => {
    try {
      loadConfig(environment)
    } catch (error) {
      if (error instanceof ConfigError) return error.variable
    }
    return 'none'
  }
  expect(variableOf({ RELAY_PORT: 'eighty' })).toBe('RELAY_PORT')
  expect(variableOf({ WECHAT_TOKEN: 'abcdef' })).toBe('WECHAT_APPID')
  expect(
    variableOf({
      WECHAT_TOKEN: 'abcdef',
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_ENCODING_AES_KEY: 'short',
    }),
  ).toBe('WECHAT_ENCODING_AES_KEY')
  expect(variableOf({ RELAY_ADMIN_PASSWORD: 'short' })).toBe('RELAY_ADMIN_PASSWORD')
})

test('a number that is not one says what is expected', () => {
  expect(() => loadConfig({ RELAY_PORT: 'eighty' })).toThrow(
    'RELAY_PORT: must be a whole number from 0 to 65535',
  )
  expect(() => loadConfig({ RELAY_PORT: '70000' })).toThrow(
    'RELAY_PORT: must be a whole number from 0 to 65535',
  )
  expect(() => loadConfig({ RELAY_WEBHOOK_BODY_LIMIT: '1.5' })).toThrow(
    'RELAY_WEBHOOK_BODY_LIMIT: must be a whole number from 1024 to 10485760',
  )
  expect(() => loadConfig({ RELAY_WINDOW_MESSAGE_QUOTA: '-1' })).toThrow(
    'RELAY_WINDOW_MESSAGE_QUOTA: must be a whole number of at least 0',
  )
  expect(loadConfig({ RELAY_PORT: '9000', RELAY_WINDOW_EVENT_QUOTA: '2' }).port).toBe(9000)
})

test('RELAY_RESOLVED_TICKET: a new ticket by default, or reopen the resolved one', () => {
  expect(loadConfig({}).resolvedTicket).toBe('new')
  expect(loadConfig({ RELAY_RESOLVED_TICKET: 'reopen' }).resolvedTicket).toBe('reopen')
  expect(() => loadConfig({ RELAY_RESOLVED_TICKET: 'merge' })).toThrow(
    'RELAY_RESOLVED_TICKET: must be new or reopen',
  )
})

test('WeChat credentials with a rotation key, current key first', () => {
  const config = loadConfig({
    WECHAT_TOKEN: 'abcdef',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
    WECHAT_ENCODING_AES_KEY_PREVIOUS: 'b'.repeat(43),
  })
  expect(config.accounts[0]?.encodingAesKeys).toEqual(['a'.repeat(43), 'b'.repeat(43)])
  expect(config.accounts[0]?.apiBase).toBe('https://api.weixin.qq.com')
})

test('RELAY_TRUST_PROXY: off by default, then true or the proxies to believe', () => {
  expect(loadConfig({}).trustProxy).toBe(false)
  expect(loadConfig({ RELAY_TRUST_PROXY: 'true' }).trustProxy).toBe(true)
  expect(loadConfig({ RELAY_TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toEqual([
    '127.0.0.1',
    '10.0.0.0/8',
  ])
  expect(() => loadConfig({ RELAY_TRUST_PROXY: 'everyone' })).toThrow(/RELAY_TRUST_PROXY/)
})

test('RELAY_WEBHOOK_MAX_AGE and WECHAT_ACCEPT_PLAINTEXT: 300 s and refused by default, strictly parsed', () => {
  const wechat = { WECHAT_TOKEN: 'abcdef', WECHAT_APPID: 'wx0123456789abcdef' }
  const defaults = loadConfig(wechat)
  expect(defaults.webhookMaxAgeSeconds).toBe(300)
  expect(defaults.accounts[0]?.isPlaintextAccepted).toBe(false)
  const set = loadConfig({ ...wechat, RELAY_WEBHOOK_MAX_AGE: '60', WECHAT_ACCEPT_PLAINTEXT: 'true' })
  expect(set.webhookMaxAgeSeconds).toBe(60)
  expect(set.accounts[0]?.isPlaintextAccepted).toBe(true)
  expect(() => loadConfig({ RELAY_WEBHOOK_MAX_AGE: '0' })).toThrow(
    'RELAY_WEBHOOK_MAX_AGE: must be a whole number from 1 to 86400',
  )
  expect(() => loadConfig({ RELAY_WEBHOOK_MAX_AGE: '5m' })).toThrow('RELAY_WEBHOOK_MAX_AGE')
  expect(() => loadConfig({ ...wechat, WECHAT_ACCEPT_PLAINTEXT: 'yes' })).toThrow(
    'WECHAT_ACCEPT_PLAINTEXT: must be true or false',
  )
})
