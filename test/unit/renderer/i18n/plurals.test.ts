import { expect, test } from '@playwright/test'
import { createI18n } from '../../../../renderer/src/i18n/create-i18n.js'

test('counts read as English and Chinese say them: one conversation, two conversations', () => {
  const en = createI18n('en')
  expect(en.t('inbox.rowCount', { count: 1 })).toBe('1 conversation')
  expect(en.t('inbox.rowCount', { count: 2 })).toBe('2 conversations')
  expect(en.t('inbox.rowCount', { count: 0 })).toBe('0 conversations')
  expect(en.t('team.reassignTitle', { count: 1 })).toBe('Reassign 1 conversation')
  expect(en.t('team.assignedToYou', { name: 'Lin', count: 1 })).toBe('Lin assigned you 1 conversation.')
  expect(en.t('team.assignedToYou', { name: 'Lin', count: 3 })).toBe('Lin assigned you 3 conversations.')
  expect(en.t('event.pic', { count: 1 })).toBe('Sent 1 photo from the menu')
  const zh = createI18n('zh-CN')
  expect(zh.t('inbox.rowCount', { count: 1 })).toBe('1 个会话')
  expect(zh.t('inbox.rowCount', { count: 2 })).toBe('2 个会话')
})
