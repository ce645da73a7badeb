import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { AGENT, startFullStack, SUPERVISOR, type FullStack } from './full-stack.js'

/**
 * The whole product through the browser: a real relay in safe mode, the WeChat simulator as its API
 * and followers, the browser shell's desktop core, and the built renderer in Chromium.
 */

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots')
const HOUR = 3_600_000

let stack: FullStack
test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }))
test.beforeEach(async ({ page }) => {
  stack = await startFullStack()
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
})
test.afterEach(async () => stack.close())

/** Light and dark shots of the screen as it is, `fullstack-<name>-<theme>.png`. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((each) => (document.documentElement.dataset['theme'] = each), theme)
    await page.screenshot({ path: resolve(SCREENSHOTS, `fullstack-${name}-${theme}.png`) })
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'))
}

async function showAll(page: Page): Promise<void> {
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
}

const rowOf = (page: Page, openId: string) => page.locator(`[data-conversation-id="${openId}"]`)

test('a follower writes, the agent claims and answers with a canned reply, WeChat receives exactly it', async ({
  page,
}) => {
  const supervisor = await stack.tokenOf(SUPERVISOR.username, SUPERVISOR.password)
  await stack.api(supervisor, 'POST', '/api/tags', { name: 'Delivery', color: '#2f7de1' })
  await stack.api(supervisor, 'POST', '/api/canned-responses', {
    shortCode: 'thanks',
    body: '谢谢 {{follower.name}}！Thank you for writing. — {{agent.name}}',
    isTeam: true,
  })
  await stack.signIn(page)
  await showAll(page)

  // A personal canned reply, made in the settings screen (it goes to the relay and comes back).
  await page.getByTestId('open-settings').click()
  await page.getByTestId('canned-code').fill('parcel')
  await page
    .getByTestId('canned-body')
    .fill('Hi {{follower.name}}, your parcel left our warehouse today. — {{agent.name}}')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned')).toContainText('/parcel')
  await expect(page.getByTestId('settings-canned')).toContainText('/thanks')
  await shoot(page, 'settings')
  await page.getByTestId('settings').getByRole('button', { name: 'Close' }).click()
  await expect(page.getByTestId('settings')).toHaveCount(0)

  const follower = stack.simulator.follower()
  expect((await follower.sendText('Where is my parcel? 我的包裹在哪里？')).status).toBe(200)
  const row = rowOf(page, follower.openId)
  await expect(row).toContainText('Where is my parcel?')
  await expect(row.getByTestId('countdown')).toHaveAttribute('data-stage', 'green')
  await expect(row.getByTestId('countdown')).toContainText(/47h 5\dm/)
  await expect(row.getByTestId('unread')).toBeVisible()
  await expect(page.getByTestId('view-expiring')).toContainText('0')
  await shoot(page, 'inbox')

  await row.click()
  await expect(page.getByTestId('message').filter({ hasText: 'Where is my parcel?' })).toBeVisible()
  await expect(page.getByTestId('window-bar')).toContainText(/47h 5\dm/)
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to you')
  // The relay's activity line, rendered from its fields.
  await expect(page.getByTestId('activity-line').last()).toContainText(
    `${AGENT.displayName} claimed this conversation`,
  )

  const input = page.getByTestId('composer-input')
  await input.click()
  await input.pressSequentially('/')
  await expect(page.getByTestId('canned-menu')).toBeVisible()
  await expect(page.getByTestId('canned-option')).toHaveCount(2)
  await shoot(page, 'canned-menu')
  await input.pressSequentially('parc')
  await expect(page.getByTestId('canned-option').first()).toContainText('parcel')
  await input.press('Enter')
  const filled = await input.inputValue()
  expect(filled).toMatch(/^Hi .+, your parcel left our warehouse today\. — Mei Chen$/)
  expect(filled).not.toContain('{{')
  await input.press('Enter')

  const delivered = await stack.simulator.waitForDelivery((each) => each.touser === follower.openId)
  expect(delivered.body).toMatchObject({
    touser: follower.openId,
    msgtype: 'text',
    text: { content: filled },
  })
  const sendCalls = stack.simulator.calls.filter((call) => call.endpoint === 'message/custom/send')
  expect(sendCalls).toHaveLength(1)
  const bubble = page.getByTestId('message').filter({ hasText: 'your parcel left our warehouse' })
  await expect(bubble).toHaveAttribute('data-status', 'sent')
  await expect(input).toHaveValue('')
  await expect(page.getByTestId('messages-left')).toContainText('4/5')

  // A picture from the follower loads from WeChat's image CDN (the simulator's, over plain http).
  expect((await follower.sendImage()).status).toBe(200)
  const picture = page.getByTestId('message').locator('img').last()
  await expect(picture).toBeVisible()
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBe(240)
  await shoot(page, 'conversation')
})

test('a picture canned reply made in settings sends its picture; the relay uploads it once', async ({
  page,
}) => {
  await stack.signIn(page)
  await showAll(page)
  await page.getByTestId('open-settings').click()
  await page.getByTestId('canned-code').fill('map')
  await page.getByTestId('canned-body').fill('How to find our shop (map)')
  await page
    .getByTestId('canned-picture-input')
    .setInputFiles({ name: 'shop-map.png', mimeType: 'image/png', buffer: simulatedPhotoOf('shop map') })
  await expect(page.getByTestId('canned-picture-chosen')).toContainText('shop-map.png')
  await shoot(page, 'settings-picture')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  // Added, the form lets go of the picture, and the list shows it.
  await expect(page.getByTestId('canned-picture-chosen')).toHaveCount(0)
  await expect(page.getByTestId('settings-canned').getByTestId('canned-picture')).toContainText(
    'shop-map.png',
  )
  await page.getByTestId('settings').getByRole('button', { name: 'Close' }).click()

  const follower = stack.simulator.follower()
  expect((await follower.sendText('Where is your shop?')).status).toBe(200)
  await rowOf(page, follower.openId).click()
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to you')

  const input = page.getByTestId('composer-input')
  for (const round of [1, 2]) {
    await input.click()
    await input.pressSequentially('/map')
    await expect(page.getByTestId('canned-option').first().getByTestId('canned-picture')).toBeVisible()
    // The menu shows the picture itself, fetched from the relay.
    const thumbnail = page.getByTestId('canned-option').first().getByTestId('canned-picture-thumb')
    await expect
      .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBe(240)
    if (round === 1) await shoot(page, 'canned-picture')
    await input.press('Enter')
    // The typed `/map` goes: the picture is the reply.
    await expect(input).toHaveValue('')
    await expect
      .poll(() => stack.simulator.delivered.filter((each) => each.touser === follower.openId).length)
      .toBe(round)
  }
  const uploads = stack.simulator.calls.filter((call) => call.endpoint === 'media/upload')
  expect(uploads).toHaveLength(1)
  const sent = stack.simulator.delivered.filter((each) => each.touser === follower.openId)
  expect(sent.map((each) => each.msgtype)).toEqual(['image', 'image'])
  const mediaIds = sent.map((each) => (each.body as { image: { media_id: string } }).image.media_id)
  expect(mediaIds[0]).toBe(mediaIds[1])
  await expect(page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent')
  // Each picture is a customer-service message: it uses the window's quota like a text.
  await expect(page.getByTestId('messages-left')).toContainText('3/5')
  await shoot(page, 'canned-picture-sent')
})

test('a refused send shows WeChat’s reason in plain words and sends nothing', async ({ page }) => {
  const follower = stack.simulator.follower()
  await follower.sendText('Can you change my address?')
  await stack.signIn(page)
  await showAll(page)
  await rowOf(page, follower.openId).click()
  const input = page.getByTestId('composer-input')

  stack.simulator.inject({ endpoint: 'message/custom/send', errcode: 48001, touser: follower.openId })
  await input.fill('Your address is changed')
  await input.press('Enter')
  const denied = page.getByTestId('message').filter({ hasText: 'Your address is changed' })
  await expect(denied).toHaveAttribute('data-status', 'failed')
  await expect(denied.getByTestId('send-failure')).toContainText('lacks permission')
  await expect(denied.getByTestId('send-failure')).toContainText('WeChat error 48001')
  await expect(denied.getByRole('button', { name: 'Retry' })).toHaveCount(0)

  stack.simulator.inject({ endpoint: 'message/custom/send', errcode: 45047, touser: follower.openId })
  await input.fill('Second try')
  await input.press('Enter')
  const exhausted = page.getByTestId('message').filter({ hasText: 'Second try' })
  await expect(exhausted.getByTestId('send-failure')).toContainText('All replies allowed in this window')
  await expect(exhausted.getByTestId('send-failure')).toContainText('WeChat error 45047')
  expect(stack.simulator.delivered).toHaveLength(0)
  expect(stack.simulator.calls.filter((call) => call.endpoint === 'message/custom/send')).toHaveLength(2)
})

test('a window closing on screen turns the composer into a banner; the follower writing reopens it', async ({
  page,
}) => {
  await page.clock.install()
  const follower = stack.simulator.follower()
  // A push whose CreateTime is 47 h 58.5 min old (WeChat delivering late): its window has 90 s left.
  const writtenAt = Math.floor((Date.now() - 48 * HOUR + 90_000) / 1000)
  const delivery = await follower.pushRaw({
    MsgType: 'text',
    Content: 'Are you still there?',
    CreateTime: writtenAt,
    MsgId: `${writtenAt}000123456789`,
  })
  expect(delivery.status).toBe(200)
  await stack.signIn(page)
  await showAll(page)
  const row = rowOf(page, follower.openId)
  await expect(row.getByTestId('countdown')).toHaveAttribute('data-stage', 'red')
  await row.click()
  await expect(page.getByTestId('window-bar')).toContainText(/1m \d\ds|\d\ds/)
  await expect(page.getByTestId('composer-input')).toBeVisible()

  await page.clock.fastForward('02:00')
  const banner = page.getByTestId('window-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toHaveAttribute('data-reason', 'expired')
  await expect(page.getByTestId('composer-input')).toHaveCount(0)
  await expect(row.getByTestId('countdown')).toHaveAttribute('data-stage', 'expired')
  await shoot(page, 'expired-window')

  await follower.sendText('Hello again')
  await expect(page.getByTestId('window-banner')).toHaveCount(0)
  await expect(page.getByTestId('composer-input')).toBeVisible()
  await expect(page.getByTestId('messages-left')).toContainText('5/5')
})

test('Chinese search finds a two-character word and opens the conversation at the message', async ({
  page,
}) => {
  const asker = stack.simulator.follower()
  const other = stack.simulator.follower()
  await asker.sendText('你好')
  await asker.sendText('我想申请退款，订单号 20477，商品有破损')
  await asker.sendText('请尽快处理，谢谢')
  await other.sendText('Hello, is the blue jacket available in size L?')
  await stack.signIn(page)
  await showAll(page)
  await rowOf(page, other.openId).click()
  await expect(page.getByTestId('conversation-name')).toBeVisible()

  await page.getByTestId('search-input').fill('退款')
  const hit = page.getByTestId('search-hit')
  await expect(hit).toHaveCount(1)
  await expect(hit.locator('mark')).toHaveText('退款')
  await expect(page.getByTestId('search-results')).toContainText('1 message in 1 conversation')
  await hit.click()
  const focused = page.locator('.is-focused')
  await expect(focused).toBeVisible()
  await expect(focused).toContainText('我想申请退款')
  const messages = page.getByTestId('message-list')
  await expect(messages).toContainText('请尽快处理，谢谢')
  await expect(messages).not.toContainText('blue jacket')
})

test('a hostile follower payload shows as text and runs nothing', async ({ page }) => {
  const dialogs: string[] = []
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  const follower = stack.simulator.follower()
  await follower.sendText('hi')
  await stack.signIn(page)
  await showAll(page)
  await rowOf(page, follower.openId).click()
  await page.evaluate(() => Object.assign(window, { hostileRan: false }))

  const hostile =
    '<img src=x onerror="window.hostileRan=true;alert(1)"><script>window.hostileRan=true;alert(2)</script> ' +
    'javascript:alert(3) <a href="javascript:alert(4)">click</a>'
  expect((await follower.sendText(hostile)).status).toBe(200)
  const bubble = page.getByTestId('message').filter({ hasText: '<img src=x onerror=' })
  await expect(bubble).toContainText('<script>window.hostileRan=true;alert(2)</script>')
  await expect(bubble).toContainText('<a href="javascript:alert(4)">click</a>')
  await expect(bubble.locator('img, script, iframe')).toHaveCount(0)
  await expect(bubble.locator('a')).toHaveCount(0)
  await follower.sendLink({ title: '<b>Prize</b>', description: 'win', url: 'javascript:alert(5)' })
  const card = page.getByTestId('message').filter({ hasText: '<b>Prize</b>' })
  await expect(card).toBeVisible()
  await expect(card.locator('a[href^="javascript"]')).toHaveCount(0)
  await expect(rowOf(page, follower.openId)).toContainText('<b>Prize</b>')
  expect(await page.evaluate(() => (window as unknown as { hostileRan: boolean }).hostileRan)).toBe(false)
  expect(dialogs).toEqual([])
})

test('the sign-in screen offers the relay it was started with', async ({ page }) => {
  await page.goto(stack.shell.url)
  await expect(page.getByTestId('relay-url')).toHaveValue(stack.relay.url)
  await page.getByTestId('username').fill(AGENT.username)
  await page.getByTestId('password').fill('wrong password')
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong username or password.')
  // Main refuses plain http:// to another computer before the password leaves; the screen says why.
  await page.getByTestId('relay-url').fill('http://kefu.example.com')
  await page.getByTestId('password').fill('any password')
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('sign-in-error')).toContainText(
    'does not sign in over http:// to another computer',
  )
})
