import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { ADMIN, startRelayStack, type Person, type RelayStack } from '../fullstack/full-stack.js'
import { openConversation, preparePage, rowOf, SCREENSHOTS } from './console-page.js'

/**
 * One conversation worked in the real console: the renderer in Chromium, a desktop core of its own per
 * test, one relay for the file and the WeChat simulator. Each test has its own follower and agent.
 */

const HOUR = 3_600_000
const TAGS = ['VIP', '退款 Refund', 'Shipping', 'Bug'] as const

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
  const admin = await stack.tokenOf(ADMIN.username, ADMIN.password)
  for (const [index, name] of TAGS.entries())
    await stack.api(admin, 'POST', '/api/tags', {
      name,
      color: ['#c2255c', '#e8590c', '#1971c2', '#7048e8'][index],
    })
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

/** A new agent signed in on a new desktop, and a new follower who has written `text`. */
async function begin(page: Page, text: string, role: 'agent' | 'supervisor' = 'agent') {
  await preparePage(page)
  const agent: Person = await stack.createPerson(role, 'Mei Chen')
  const follower = stack.simulator.follower()
  expect((await follower.sendText(text)).status).toBe(200)
  const desktop = await stack.openDesktop()
  await desktop.signIn(page, agent)
  await openConversation(page, follower.openId)
  await expect(page.getByTestId('message').filter({ hasText: text })).toBeVisible()
  return { agent, follower, desktop }
}

/** Ticks a tag in the open tag picker; the box shows the relay's answer, not the click. */
async function tick(page: Page, name: string): Promise<void> {
  const box = page.getByRole('checkbox', { name })
  await box.click()
  await expect(box).toBeChecked()
}

const sentTo = (openId: string) => stack.simulator.delivered.filter((each) => each.touser === openId)

test('a typed reply reaches WeChat; a failed send says why, and its retry reaches WeChat once', async ({
  page,
}) => {
  const { follower } = await begin(page, 'Has my order shipped?')
  const input = page.getByTestId('composer-input')
  await input.fill('It ships today')
  await input.press('Enter')
  await expect(page.getByTestId('message').filter({ hasText: 'It ships today' })).toHaveAttribute(
    'data-status',
    'sent',
  )
  expect(sentTo(follower.openId).map((each) => each.body)).toEqual([
    expect.objectContaining({ msgtype: 'text', text: { content: 'It ships today' } }),
  ])

  // WeChat's daily limit for the API: the relay stops, and offers a retry for later.
  stack.simulator.inject({ endpoint: 'message/custom/send', errcode: 45009, touser: follower.openId })
  await input.fill('Your tracking number follows')
  await input.press('Enter')
  const failed = page.getByTestId('message').filter({ hasText: 'Your tracking number follows' })
  await expect(failed).toHaveAttribute('data-status', 'failed')
  await expect(failed.getByTestId('send-failure')).toContainText('WeChat error 45009')
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible()
  expect(sentTo(follower.openId)).toHaveLength(1)
  await failed.getByRole('button', { name: 'Retry' }).click()
  await expect.poll(() => sentTo(follower.openId).length).toBe(2)
  await expect(
    page.getByTestId('message').filter({ hasText: 'Your tracking number follows' }).last(),
  ).toHaveAttribute('data-status', 'sent')
})

test('a window that closes offers a template message, which WeChat receives instead', async ({ page }) => {
  await page.clock.install()
  const { follower } = await begin(page, 'Is anyone there?')
  await expect(page.getByTestId('composer-input')).toBeVisible()
  // Two days later on this computer: the window is shut.
  await page.clock.fastForward(48 * HOUR + 60_000)
  const banner = page.getByTestId('window-banner')
  await expect(banner).toHaveAttribute('data-reason', 'expired')
  await expect(page.getByTestId('composer-input')).toHaveCount(0)
  await expect(rowOf(page, follower.openId).getByTestId('countdown')).toHaveAttribute('data-stage', 'expired')

  await page.getByTestId('open-template').click()
  // Picked from the account's own templates: the form is the template's fields, previewed as read.
  await page.getByTestId('template-pick').selectOption({ label: '订单发货提醒' })
  await expect(page.getByTestId('template-id')).toHaveValue('TM00015')
  await page.getByTestId('template-value-keyword1').fill('20261205')
  await expect(page.getByTestId('template-value-keyword2')).toHaveAttribute('placeholder', '快递公司')
  await expect(page.getByTestId('template-preview')).toContainText('订单号：20261205')
  await page.getByTestId('template-form').getByRole('button', { name: 'Send template' }).click()
  await expect(page.getByText('Template message · TM00015')).toBeVisible()
  const template = await stack.simulator.waitForDelivery(
    (each) => each.touser === follower.openId && each.msgtype === 'template',
  )
  expect(template.body).toMatchObject({
    touser: follower.openId,
    template_id: 'TM00015',
    data: { keyword1: { value: '20261205' } },
  })
  expect(sentTo(follower.openId).map((each) => each.msgtype)).toEqual(['template'])
})

test('activity lines say who did what, with the time, in English and in Chinese', async ({ page }) => {
  await begin(page, 'Where is my refund?')
  const lines = page.getByTestId('activity-line')
  await page.getByTestId('claim').click()
  await expect(lines.last()).toHaveText(/^Mei Chen claimed this conversation\s*\d{1,2}:\d{2}/)
  await page.getByTestId('tag-add').click()
  await tick(page, 'Shipping')
  await expect(lines.last()).toContainText('Mei Chen added tag Shipping')
  await tick(page, 'VIP')
  await expect(lines.last()).toContainText('Mei Chen added tag VIP')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('checkbox', { name: 'VIP' })).toHaveCount(0)
  await page.getByTestId('status-pending').click()
  await expect(lines.last()).toContainText('Mei Chen')
  await page.getByTestId('status-resolved').click()
  await expect(lines.last()).toContainText('Mei Chen resolved the ticket')
  await expect(lines.last()).toHaveAttribute('title', new RegExp(String(new Date().getFullYear())))
  // No line shows a bare username or an arrow left over from stored prose.
  for (const text of await lines.allTextContents()) expect(text).not.toMatch(/\bmei-\d+\b|→/)

  await page.getByTestId('open-settings').click()
  await page.getByTestId('settings-tab-preferences').click()
  await page.getByRole('button', { name: '简体中文' }).click()
  await page.keyboard.press('Escape')
  await expect(lines.filter({ hasText: 'Mei Chen 认领了此会话' })).toHaveCount(1)
  await expect(lines.filter({ hasText: 'Mei Chen 添加了标签 Shipping' })).toHaveCount(1)
  await expect(lines.last()).toContainText('Mei Chen 解决了工单')
  await expect(page.getByTestId('view-mine')).toContainText('我的')
})

test('inbox rows show each tag whole and count the ones that do not fit as +N, named in a tooltip', async ({
  page,
}) => {
  const { follower } = await begin(page, 'Four tags for me please')
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.getByTestId('tag-add').click()
  for (const name of TAGS) await tick(page, name)
  await page.keyboard.press('Escape')
  const row = rowOf(page, follower.openId)
  await expect(row.getByTestId('row-tag')).toHaveCount(4)
  const more = row.getByTestId('row-tags-more')
  await expect(more).toBeVisible()
  const layout = await row.getByTestId('row-tags').evaluate((list) => {
    const box = (list.parentElement ?? list).getBoundingClientRect()
    return [...list.children].map((chip) => {
      const rect = chip.getBoundingClientRect()
      return {
        name: chip.textContent ?? '',
        isShown:
          getComputedStyle(chip).visibility === 'visible' && rect.width > 0 && rect.right <= box.right + 0.5,
        isHiddenForReaders: chip.getAttribute('aria-hidden') === 'true',
        isCut: chip.scrollWidth > chip.clientWidth,
      }
    })
  })
  const shown = layout.filter((chip) => chip.isShown)
  const hidden = layout.filter((chip) => !chip.isShown)
  expect(shown.length).toBeGreaterThan(0)
  expect(shown.filter((chip) => chip.isCut)).toEqual([])
  expect(shown.every((chip) => !chip.isHiddenForReaders)).toBe(true)
  expect(hidden.every((chip) => chip.isHiddenForReaders)).toBe(true)
  await expect(more).toHaveText(`+${hidden.length}`)
  await expect(more).toHaveAttribute('title', hidden.map((chip) => chip.name).join(', '))
  await expect(row.getByTestId('row-tags')).toHaveAttribute('title', TAGS.join(', '))
  await row.screenshot({ path: resolve(SCREENSHOTS, 'inbox-row-tags.png') })
})

test('private notes, the follower’s remark, shortcuts, the help overlay and the theme', async ({ page }) => {
  const { follower } = await begin(page, 'My parcel is late')
  const input = page.getByTestId('composer-input')
  await input.blur()
  await page.keyboard.press('n')
  await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'note')
  await input.fill('Called the courier, parcel arrives tomorrow')
  await input.press('Enter')
  await expect(page.getByTestId('note').filter({ hasText: 'Called the courier' })).toBeVisible()
  // A note stays in the team: WeChat never hears of it.
  expect(stack.simulator.calls.filter((call) => call.endpoint === 'message/custom/send')).not.toContainEqual(
    expect.objectContaining({ body: expect.objectContaining({ touser: follower.openId }) }),
  )
  expect(sentTo(follower.openId)).toEqual([])

  const remark = page.getByTestId('remark-input')
  await remark.fill('Lucy Zhang')
  await remark.press('Enter')
  await expect(page.getByTestId('conversation-name')).toHaveText('Lucy Zhang')
  await expect(rowOf(page, follower.openId)).toContainText('Lucy Zhang')
  await expect
    .poll(async () => (await stack.relay.store.conversations.get(follower.openId))?.remark)
    .toBe('Lucy Zhang')

  await remark.blur()
  await page.keyboard.press('?')
  await expect(page.getByTestId('help')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('help')).toHaveCount(0)
  await page.getByTestId('open-settings').click()
  await page.getByTestId('settings-tab-preferences').click()
  await page.getByTestId('theme-dark').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('settings')).toBeHidden()
})

test('a picture canned reply is not a private note; as a reply it sends its picture', async ({ page }) => {
  const { follower } = await begin(page, 'How do I pay?')
  await page.getByTestId('open-settings').click()
  await page.getByTestId('canned-code').fill('qr')
  await page.getByTestId('canned-body').fill('Our WeChat Pay QR code')
  await page
    .getByTestId('canned-picture-input')
    .setInputFiles({ name: 'pay-qr.png', mimeType: 'image/png', buffer: simulatedPhotoOf('pay qr') })
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned').getByTestId('canned-picture')).toContainText('pay-qr.png')
  await page.keyboard.press('Escape')

  const input = page.getByTestId('composer-input')
  await input.blur()
  await page.keyboard.press('n')
  await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'note')
  await input.click()
  await input.pressSequentially('/qr')
  await input.press('Enter')
  await expect(page.getByTestId('composer-error')).toContainText('cannot be a private note')
  await expect(input).toHaveValue('/qr')
  expect(sentTo(follower.openId)).toEqual([])

  await input.press('Escape')
  await page.getByTestId('mode-reply').click()
  await input.fill('')
  await input.pressSequentially('/qr')
  await expect(page.getByTestId('canned-option').first().getByTestId('canned-picture')).toBeVisible()
  await input.press('Enter')
  await expect(input).toHaveValue('')
  const sent = await stack.simulator.waitForDelivery((each) => each.touser === follower.openId)
  expect(sent.msgtype).toBe('image')
})

test('a supervisor creates a tag, applies it, then renames and recolours it: the conversation keeps it', async ({
  page,
}) => {
  const { follower } = await begin(page, 'Please label me', 'supervisor')
  await page.getByTestId('open-settings').click()
  await page.getByTestId('settings-tab-tags').click()
  const tags = page.getByTestId('settings-tags')
  await tags.getByLabel('Tag name').fill('Wholesale')
  await tags.getByRole('button', { name: 'Create tag' }).click()
  await expect(tags.locator('.tag-chip', { hasText: 'Wholesale' })).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByTestId('tag-add').click()
  await tick(page, 'Wholesale')
  await page.keyboard.press('Escape')
  await expect(rowOf(page, follower.openId).getByTestId('row-tag')).toHaveText(['Wholesale'])

  await page.getByTestId('open-settings').click()
  await page.getByTestId('settings-tab-tags').click()
  await tags.getByRole('button', { name: 'Rename or recolour Wholesale' }).click()
  await tags.getByLabel('Tag name').last().fill('Trade')
  await tags.getByRole('button', { name: '#7048e8' }).last().click()
  await tags.getByRole('button', { name: 'Save tag' }).click()
  await expect(tags.locator('.tag-chip', { hasText: 'Trade' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(rowOf(page, follower.openId).getByTestId('row-tag')).toHaveText(['Trade'])
  const tag = await stack.relay.store.tags.findByName('Trade')
  expect(tag?.color).toBe('#7048e8')
  expect((await stack.relay.store.conversations.get(follower.openId))?.tagIds).toEqual([tag?.id])
})
