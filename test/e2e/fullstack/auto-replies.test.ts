import { expect, test } from '@playwright/test'
import { ADMIN, startRelayStack, type RelayStack } from './full-stack.js'

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

test('an admin writes a welcome by QR scene and a keyword reply in the console; followers get them as passive replies', async ({
  page,
}) => {
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, ADMIN)
  await page.getByTestId('screen-admin').click()
  await page.getByTestId('admin-tab-autoReplies').click()
  const screen = page.getByTestId('admin-auto-replies')
  await screen.getByTestId('auto-reply-scene-add').click()
  await screen.getByTestId('auto-reply-scene-text').fill('欢迎来自门店海报的朋友！')
  await screen.getByTestId('auto-reply-scene-key').fill('store_poster')
  await expect(screen.getByTestId('auto-reply-preview')).toContainText('欢迎来自门店海报的朋友！')
  await screen.getByTestId('auto-reply-keyword-add').click()
  await screen.getByTestId('auto-reply-keyword').fill('营业时间')
  await screen.getByTestId('auto-reply-keyword-text').fill('每天 9:00–21:00 营业。')
  await screen.getByTestId('auto-reply-save').click()
  await expect(screen.getByTestId('auto-reply-message')).toHaveText(
    'Saved. The relay answers by these rules now.',
  )

  const follower = stack.simulator.follower()
  expect((await follower.follow('store_poster')).reply).toContain('欢迎来自门店海报的朋友！')
  expect((await follower.sendText('营业时间')).reply).toContain('每天 9:00–21:00 营业。')
  expect(stack.simulator.delivered).toHaveLength(0)

  // A rule the relay refuses is named in its own words, and nothing is saved.
  await screen.getByTestId('auto-reply-keyword').fill('')
  await screen.getByTestId('auto-reply-save').click()
  await expect(screen.getByTestId('auto-reply-message')).toHaveText(
    'Every rule needs its keyword (or key) and its reply: fill them in or remove the rule.',
  )
  expect((await stack.relay.store.autoReplies.get('*')).rules.keywords[0]?.keyword).toBe('营业时间')
  await page.screenshot({ path: test.info().outputPath('auto-replies.png'), fullPage: true })
})
