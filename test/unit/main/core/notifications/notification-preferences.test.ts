import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import {
  createNotificationPreferences,
  DEFAULT_NOTIFICATION_PREFERENCES,
} from '../../../../../main/core/notifications/notification-preferences.js'

test.describe('notification preferences of this computer', () => {
  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-notification-preferences-'))
  })
  test.afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  /** Preferences loaded from `dataDir`, as the core has them after starting. */
  async function loaded(dataDir = dir) {
    const preferences = createNotificationPreferences(dataDir)
    await preferences.load()
    return preferences
  }

  test('without a file, notifications are on and sound', async () => {
    expect(DEFAULT_NOTIFICATION_PREFERENCES).toEqual({ isEnabled: true, hasSound: true })
    expect(createNotificationPreferences(dir).current()).toEqual(DEFAULT_NOTIFICATION_PREFERENCES)
    expect((await loaded(join(dir, 'never-created'))).current()).toEqual(DEFAULT_NOTIFICATION_PREFERENCES)
  })

  test('a malformed file or one of the wrong shape means the defaults', async () => {
    for (const content of [
      '{"isEnabled": false, "hasSou',
      '',
      'null',
      '[false, false]',
      '{"isEnabled": "no", "hasSound": false}',
      '{"isEnabled": false}',
    ]) {
      writeFileSync(join(dir, 'notifications.json'), content)
      expect((await loaded()).current(), content).toEqual(DEFAULT_NOTIFICATION_PREFERENCES)
    }
  })

  test('a change merges into the preferences and is loaded again on the next start', async () => {
    const preferences = await loaded()
    expect(await preferences.update({ hasSound: false })).toEqual({ isEnabled: true, hasSound: false })
    expect(await preferences.update({ isEnabled: false })).toEqual({ isEnabled: false, hasSound: false })
    expect(preferences.current()).toEqual({ isEnabled: false, hasSound: false })
    expect((await loaded()).current()).toEqual({ isEnabled: false, hasSound: false })
  })

  test('changes made at once each merge into the one before', async () => {
    const preferences = await loaded()
    const answers = await Promise.all([
      preferences.update({ hasSound: false }),
      preferences.update({ isEnabled: false }),
      preferences.update({ hasSound: true }),
    ])
    expect(answers).toEqual([
      { isEnabled: true, hasSound: false },
      { isEnabled: false, hasSound: false },
      { isEnabled: false, hasSound: true },
    ])
    expect((await loaded()).current()).toEqual({ isEnabled: false, hasSound: true })
  })

  test('the file on disk is whole JSON after a change, in a data folder created for it', async () => {
    const dataDir = join(dir, 'data')
    const preferences = await loaded(dataDir)
    await preferences.update({ isEnabled: false })
    expect(JSON.parse(readFileSync(join(dataDir, 'notifications.json'), 'utf8'))).toEqual({
      isEnabled: false,
      hasSound: true,
      language: 'en',
    })
    // Nothing half-written is left beside it.
    expect(readdirSync(dataDir)).toEqual(['notifications.json'])
  })

  test('the language is English until the console says one, and is kept beside the preferences', async () => {
    const preferences = await loaded()
    expect(preferences.language()).toBe('en')
    await preferences.update({ hasSound: false })
    await preferences.setLanguage('zh-CN')
    expect(preferences.language()).toBe('zh-CN')
    const again = await loaded()
    expect(again.language()).toBe('zh-CN')
    expect(again.current()).toEqual({ isEnabled: true, hasSound: false })
  })

  test('a file from before the language was kept, or with a language not spoken, keeps its choices', async () => {
    for (const language of [undefined, 'fr', 42]) {
      writeFileSync(
        join(dir, 'notifications.json'),
        JSON.stringify({ isEnabled: false, hasSound: true, language }),
      )
      const preferences = await loaded()
      expect(preferences.language(), String(language)).toBe('en')
      expect(preferences.current()).toEqual({ isEnabled: false, hasSound: true })
    }
  })

  test('a failed write rejects and leaves the preferences as they were', async () => {
    // A data folder inside a file cannot be created.
    writeFileSync(join(dir, 'a-file'), '')
    const preferences = await loaded(join(dir, 'a-file', 'data'))
    await expect(preferences.update({ hasSound: false })).rejects.toThrow()
    expect(preferences.current()).toEqual(DEFAULT_NOTIFICATION_PREFERENCES)
    // Once the folder can be made, the next change goes through, without the one that failed.
    rmSync(join(dir, 'a-file'))
    expect(await preferences.update({ isEnabled: false })).toEqual({ isEnabled: false, hasSound: true })
  })
})
