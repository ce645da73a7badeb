import { expect, test } from '@playwright/test'
import { ConfigError, loadConfig } from '../../../relay/config.js'

test('defaults: port 8080, ./.kefu-data, no WeChat', () => {
  const config = loadConfig({})
  expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', wechat: null, adminPassword: null })
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

test('WeChat credentials with a rotation key, current key first', () => {
  const config = loadConfig({
    WECHAT_TOKEN: 'abcdef',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
    WECHAT_ENCODING_AES_KEY_PREVIOUS: 'b'.repeat(43),
  })
  expect(config.wechat?.encodingAesKeys).toEqual(['a'.repeat(43), 'b'.repeat(43)])
  expect(config.wechat?.apiBase).toBe('https://api.weixin.qq.com')
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
