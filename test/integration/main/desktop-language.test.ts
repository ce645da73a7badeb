import { expect, test } from '@playwright/test'
import type { UiLanguage } from '../../../common/ipc/channels.js'
import type { DesktopNotification } from '../../../main/core/desktop-core.js'
import { createIpcHandlers, dispatchInvoke } from '../../../main/core/ipc-handlers.js'
import { ADMIN_PASSWORD, startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'
import { createManualClock, startTestCore, waitForConnection } from './desktop-fixture.js'

type Fixture = Awaited<ReturnType<typeof startRelayWithSimulator>>

test.describe('the language main speaks', () => {
  let fixture: Fixture
  test.beforeEach(async () => {
    fixture = await startRelayWithSimulator()
  })
  test.afterEach(async () => {
    await fixture.close()
  })

  test('notifications are English until the console says Chinese, then Chinese, also after a restart', async () => {
    const time = createManualClock()
    const { core, dataDir, remove } = startTestCore({ clock: time.clock })
    try {
      const handlers = createIpcHandlers(core)
      const notifications: DesktopNotification[] = []
      const languages: UiLanguage[] = []
      let heard = (): void => undefined
      core.listen({
        notification: (notification) => {
          notifications.push(notification)
          heard()
        },
        language: (language) => languages.push(language),
      })
      const nextNotification = () =>
        new Promise<DesktopNotification>((resolve) => {
          heard = () => resolve(notifications.at(-1)!)
        })
      await core.start()
      expect(core.language()).toBe('en')
      await core.signIn({ relayUrl: fixture.relay.url, username: 'admin', password: ADMIN_PASSWORD })
      await waitForConnection(core, 'live')

      let told = nextNotification()
      await fixture.simulator.follower('oEnglishFollower0000000001').sendImage()
      expect(await told).toMatchObject({ kind: 'new-conversation', body: '[Image]' })
      expect((await told).title).toMatch(/^New conversation: /)

      // As the renderer does at start and on each change: through the IPC contract, parsed there.
      await expect(
        dispatchInvoke(handlers, 'preferences:set-language', { language: 'fr' }),
      ).rejects.toMatchObject({
        code: 'invalid',
      })
      expect(await dispatchInvoke(handlers, 'preferences:set-language', { language: 'zh-CN' })).toBeNull()
      expect(languages).toEqual(['zh-CN'])
      // Saying the same language again changes nothing, and the tray is not told twice.
      await dispatchInvoke(handlers, 'preferences:set-language', { language: 'zh-CN' })
      expect(languages).toEqual(['zh-CN'])

      told = nextNotification()
      await fixture.simulator.follower('oChineseFollower0000000001').sendVoice('我要退款')
      expect(await told).toMatchObject({ kind: 'new-conversation', body: '[语音] 我要退款' })
      expect((await told).title).toMatch(/^新会话：/)
      core.close()

      // The tray speaks it from the start, before the window has said it again.
      const restarted = startTestCore({ clock: time.clock, dataDir })
      try {
        await restarted.core.start()
        expect(restarted.core.language()).toBe('zh-CN')
        expect(restarted.core.strings().trayTooltip(2)).toBe('Kefu — 2 个会话等待你回复')
      } finally {
        restarted.core.close()
      }
    } finally {
      remove()
    }
  })
})
