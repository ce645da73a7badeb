import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { ConfigError, loadConfig } from '../../../relay/config.js'
import { environmentWithConfigFile } from '../../../relay/config-file.js'

let dir: string
test.beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kefu-config-'))))
test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('without RELAY_CONFIG_FILE the environment is used as it is', () => {
  const environment = { RELAY_PORT: '9001' }
  expect(environmentWithConfigFile(environment)).toBe(environment)
})

test('the file gives the settings; a variable in the environment wins over it', () => {
  const file = join(dir, 'relay.env')
  writeFileSync(
    file,
    [
      '# Kefu relay',
      'RELAY_PORT=9100',
      'RELAY_DATA_DIR="/var/lib/kefu relay"',
      'WECHAT_TOKEN=abcdef',
      'WECHAT_APPID=wx0123456789abcdef',
      '',
    ].join('\n'),
  )
  const config = loadConfig(environmentWithConfigFile({ RELAY_CONFIG_FILE: file, RELAY_PORT: '9200' }))
  expect(config.port).toBe(9200)
  expect(config.dataDir).toBe('/var/lib/kefu relay')
  expect(config.accounts[0]).toMatchObject({ key: 'default', token: 'abcdef', appId: 'wx0123456789abcdef' })
})

test('a file named but missing stops the relay with the variable named, not with defaults', () => {
  const missing = join(dir, 'nowhere.env')
  let caught: unknown
  try {
    environmentWithConfigFile({ RELAY_CONFIG_FILE: missing })
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(ConfigError)
  expect((caught as ConfigError).variable).toBe('RELAY_CONFIG_FILE')
  expect((caught as ConfigError).message).toContain(`cannot read ${missing} (ENOENT)`)
})

test('a malformed value in the file is named like one in the environment', () => {
  const file = join(dir, 'relay.env')
  writeFileSync(file, 'RELAY_PORT=eighty\n')
  expect(() => loadConfig(environmentWithConfigFile({ RELAY_CONFIG_FILE: file }))).toThrow(
    'RELAY_PORT: must be a whole number from 0 to 65535',
  )
})
