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

test('a supervisor makes a QR code for a source, downloads it as a PNG for print, and sees who came by it', async ({
  page,
}) => {
  const supervisor = await stack.createPerson('supervisor', 'Qiu Source')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, supervisor)
  await page.getByTestId('screen-account').click()
  const panel = page.getByTestId('qr-codes')
  await panel.getByTestId('qr-scene').fill('mall_flyer')
  await panel.getByTestId('qr-create').click()
  const code = panel.locator('[data-testid="qr-code"][data-scene="mall_flyer"]')
  await expect(code.getByTestId('qr-picture')).toBeVisible()
  await expect(code.getByTestId('qr-figures')).toHaveText('0 followed · 0 still following · 0 wrote')
  const downloaded = page.waitForEvent('download')
  await code.getByTestId('qr-download').click()
  const download = await downloaded
  expect(download.suggestedFilename()).toBe('qr-mall_flyer.png')
  const { readFileSync } = await import('node:fs')
  const png = readFileSync((await download.path())!)
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(stack.simulator.calls.filter((call) => call.endpoint === 'qrcode/create').at(-1)?.body).toEqual({
    action_name: 'QR_LIMIT_STR_SCENE',
    action_info: { scene: { scene_str: 'mall_flyer' } },
  })

  // A temporary code past WeChat's 30 days is refused in plain words, before WeChat is asked.
  await panel.getByTestId('qr-scene').fill('too_long')
  await panel.getByTestId('qr-permanent').uncheck()
  await panel.getByTestId('qr-days').fill('45')
  await panel.getByTestId('qr-create').click()
  await expect(panel.getByTestId('qr-error')).toHaveText(
    'WeChat keeps a temporary QR code for 1 to 30 days: make it permanent for longer.',
  )

  const follower = stack.simulator.follower()
  await follower.follow('mall_flyer')
  await follower.sendText('我在商场看到你们的传单')
  await page.getByTestId('screen-inbox').click()
  await page.getByTestId('screen-account').click()
  await expect(code.getByTestId('qr-figures')).toHaveText('1 followed · 1 still following · 1 wrote')
  await page.screenshot({ path: test.info().outputPath('qr-codes.png'), fullPage: true })
})

test('an admin builds the menu: WeChat’s limits are shown as typed, the published menu is what WeChat got, and it can be deleted', async ({
  page,
}) => {
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, ADMIN)
  await page.getByTestId('screen-account').click()
  const panel = page.getByTestId('menu-panel')
  await panel.getByTestId('menu-add').click()
  const first = panel.getByTestId('menu-button').nth(0)
  await first.getByTestId('menu-name').fill('这个名字实在太长了')
  await expect(panel.getByTestId('menu-problems')).toContainText('Button 1: the name is too long')
  await expect(panel.getByTestId('menu-save')).toBeDisabled()
  await first.getByTestId('menu-name').fill('营业时间')
  await first.getByTestId('menu-key').fill('MENU_HOURS')
  await panel.getByTestId('menu-add').click()
  const second = panel.getByTestId('menu-button').nth(1)
  await second.getByTestId('menu-name').fill('服务')
  await second.getByText('Make a group').click()
  await second.getByTestId('menu-add-sub').click()
  const item = second.getByTestId('menu-sub-button').nth(0)
  await item.getByTestId('menu-name').fill('查订单')
  await item.getByTestId('menu-type').selectOption('view')
  await item.getByTestId('menu-url').fill('https://shop.example.com/orders')
  await expect(panel.getByTestId('menu-problems')).toHaveCount(0)
  await expect(panel.getByTestId('menu-preview')).toContainText('营业时间')
  await panel.getByTestId('menu-save').click()
  await expect(panel.getByTestId('menu-message')).toHaveText('Published: followers see it within minutes.')
  expect(stack.simulator.calls.filter((call) => call.endpoint === 'menu/create').at(-1)?.body).toEqual({
    button: [
      { name: '营业时间', type: 'click', key: 'MENU_HOURS' },
      {
        name: '服务',
        sub_button: [{ name: '查订单', type: 'view', url: 'https://shop.example.com/orders' }],
      },
    ],
  })
  await page.screenshot({ path: test.info().outputPath('menu.png'), fullPage: true })
  // Read back from WeChat on the next visit; then deleted.
  await page.getByTestId('screen-inbox').click()
  await page.getByTestId('screen-account').click()
  await expect(panel.getByTestId('menu-button')).toHaveCount(2)
  await panel.getByTestId('menu-delete').click()
  await expect(panel.getByTestId('menu-message')).toHaveText('The menu is deleted.')
  expect(stack.simulator.calls.some((call) => call.endpoint === 'menu/delete')).toBe(true)
})
