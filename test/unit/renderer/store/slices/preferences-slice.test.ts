import { expect, test } from '@playwright/test'
import { createAppStore } from '../../../../../renderer/src/store/create-app-store.js'
import { createFakeBridge } from '../../fake-bridge.js'

test('the console tells main the language it speaks, through the contract channel', async () => {
  const bridge = createFakeBridge({ 'preferences:set-language': () => null })
  const store = createAppStore(bridge)
  await store.getState().tellLanguage('zh-CN')
  await store.getState().tellLanguage('en')
  expect(bridge.calls.filter((call) => call.channel === 'preferences:set-language')).toEqual([
    { channel: 'preferences:set-language', request: { language: 'zh-CN' } },
    { channel: 'preferences:set-language', request: { language: 'en' } },
  ])
})
