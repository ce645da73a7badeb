import { expect, test } from '@playwright/test'
import { ConfigError, loadConfig } from '../../../relay/config.js'

test('retention and erasure on unsubscribe are off unless configured', () => {
  expect(loadConfig({})).toMatchObject({ retentionDays: null, isErasingOnUnsubscribe: false })
  expect(loadConfig({ RELAY_RETENTION_DAYS: '90', RELAY_ERASE_ON_UNSUBSCRIBE: 'true' })).toMatchObject({
    retentionDays: 90,
    isErasingOnUnsubscribe: true,
  })
  expect(loadConfig({ RELAY_RETENTION_DAYS: ' ', RELAY_ERASE_ON_UNSUBSCRIBE: 'false' })).toMatchObject({
    retentionDays: null,
    isErasingOnUnsubscribe: false,
  })
})

test('a malformed retention or erasure setting stops the relay, naming the variable', () => {
  for (const [variable, value] of [
    ['RELAY_RETENTION_DAYS', '0'],
    ['RELAY_RETENTION_DAYS', '30.5'],
    ['RELAY_RETENTION_DAYS', 'a month'],
    ['RELAY_RETENTION_DAYS', '-7'],
    ['RELAY_ERASE_ON_UNSUBSCRIBE', 'yes'],
    ['RELAY_ERASE_ON_UNSUBSCRIBE', '1'],
  ] as const) {
    let error: unknown = null
    try {
      loadConfig({ [variable]: value })
    } catch (thrown) {
      error = thrown
    }
    expect(error, `${variable}=${value}`).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
  }
})
