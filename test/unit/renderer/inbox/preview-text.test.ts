import { expect, test } from '@playwright/test'
import { createI18n } from '../../../../renderer/src/i18n/create-i18n.js'
import { previewText } from '../../../../renderer/src/inbox/preview-text.js'

const preview = { messageId: 'm1', direction: 'incoming' as const, createdAt: 0 }

test('a preview names the kind of message in the agent language, then its words', async () => {
  const i18n = createI18n('zh-CN')
  expect(previewText({ ...preview, type: 'voice', text: '我想改一下收货地址' }, i18n.t)).toBe(
    '[语音] 我想改一下收货地址',
  )
  expect(previewText({ ...preview, type: 'image', text: '' }, i18n.t)).toBe('[图片]')
  await i18n.changeLanguage('en')
  expect(previewText({ ...preview, type: 'location', text: '上海市黄浦区' }, i18n.t)).toBe(
    '[Location] 上海市黄浦区',
  )
})

test('text, notes and previews from relays without a kind show the words alone', async () => {
  const i18n = createI18n('en')
  expect(previewText({ ...preview, type: 'text', text: '<b>hi</b>' }, i18n.t)).toBe('<b>hi</b>')
  expect(previewText({ ...preview, text: 'older relay' }, i18n.t)).toBe('older relay')
})
