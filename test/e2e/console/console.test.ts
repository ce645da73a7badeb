import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { FakeRelayControl } from './fake-relay.js'
import { conversationIdAt } from './fake-relay.js'
import { openConsole } from './open-console.js'
import { serveRenderer } from './serve-renderer.js'

declare global {
  interface Window {
    fakeRelay: FakeRelayControl
  }
}

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots')
const NOW = Date.UTC(2026, 10, 20, 6, 0, 0)
/** Index 467's window has 6 minutes left at NOW (see the fake's layout). */
const EXPIRING_INDEX = 467

let server: Awaited<ReturnType<typeof serveRenderer>>
test.beforeAll(async () => {
  server = await serveRenderer()
  mkdirSync(SCREENSHOTS, { recursive: true })
})
test.afterAll(async () => server.close())

async function start(page: Page, conversationCount = 60, language = 'en'): Promise<void> {
  await page.clock.install({ time: NOW })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await openConsole(page, server.url, { conversationCount, isSignedIn: true, now: NOW }, language)
  await expect(page.getByTestId('inbox-list')).toBeVisible()
}

async function openRow(page: Page, conversationId: string): Promise<void> {
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
  // A re-render after the filter change may unmount the row between finding and clicking it: the click
  // gives up quickly and the row is found again.
  await expect(async () => {
    await (await findRow(page, conversationId)).click({ timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByTestId('conversation')).toBeVisible()
}

async function findRow(page: Page, conversationId: string) {
  const row = page.locator(`[data-conversation-id="${conversationId}"]`)
  const list = page.getByTestId('inbox-list')
  // The list is virtualized and may still be re-rendering after a filter change: each attempt starts
  // from the top and scrolls a page at a time until the row is mounted, and is retried until it is.
  await expect(async () => {
    await list.evaluate((element) => (element.scrollTop = 0))
    for (let step = 0; step < 400 && (await row.count()) === 0; step += 1) {
      const moved = await list.evaluate((element) => {
        const before = element.scrollTop
        element.scrollTop += element.clientHeight
        return element.scrollTop !== before
      })
      if (!moved) break
    }
    expect(await row.count()).toBeGreaterThan(0)
  }).toPass({ timeout: 15_000 })
  return row
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((each) => (document.documentElement.dataset['theme'] = each), theme)
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${theme}.png`) })
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'))
}

test('a follower message appears live; the agent claims and answers with a canned reply that is sent', async ({
  page,
}) => {
  await start(page)
  await shoot(page, 'inbox')
  const id = conversationIdAt(1)
  await page.getByTestId('filter-any').click()
  await page.evaluate(
    (each) => window.fakeRelay.followerWrites(each, 'Where is my parcel? 我的包裹在哪里？'),
    id,
  )
  const row = await findRow(page, id)
  await expect(row).toContainText('Where is my parcel?')
  await expect(row.getByTestId('countdown')).toHaveAttribute('data-stage', 'green')
  await expect(row.getByTestId('countdown')).toContainText('47h 59m')
  await expect(row.getByTestId('unread')).toBeVisible()
  await row.click()
  const incoming = page.getByTestId('message').filter({ hasText: 'Where is my parcel?' })
  await expect(incoming).toBeVisible()
  await expect(page.getByTestId('window-bar')).toContainText('47h 59m')

  await page.getByTestId('claim').click()
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to you')

  const input = page.getByTestId('composer-input')
  await input.click()
  await input.pressSequentially('/th')
  await expect(page.getByTestId('canned-menu')).toBeVisible()
  await shoot(page, 'canned-menu')
  await input.press('ArrowDown')
  await input.press('ArrowUp')
  await input.press('Enter')
  await expect(input).toHaveValue('Thank you Lucy Zhang! — Mei Chen')
  await input.press('Enter')

  const sent = page.getByTestId('message').filter({ hasText: 'Thank you Lucy Zhang! — Mei Chen' })
  await expect(sent).toHaveAttribute('data-status', 'sent')
  const sends = await page.evaluate(() =>
    window.fakeRelay.calls.filter((call) => call.channel === 'messages:send'),
  )
  expect(sends).toHaveLength(1)
  expect(sends[0]?.request).toMatchObject({
    conversationId: id,
    body: { type: 'text', text: 'Thank you Lucy Zhang! — Mei Chen' },
  })
  await expect(input).toHaveValue('')
  await shoot(page, 'conversation')
})

test('a window expiring on screen turns the composer into a banner; the follower writing reopens it', async ({
  page,
}) => {
  await start(page, 600)
  const id = conversationIdAt(EXPIRING_INDEX)
  await openRow(page, id)
  await expect(page.getByTestId('window-bar')).toContainText(/5m \d\ds/)
  await expect(page.getByTestId('window-bar')).toHaveClass(/window-bar--red/)
  await page.clock.fastForward('06:10')
  const banner = page.getByTestId('window-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toHaveAttribute('data-reason', 'expired')
  await expect(page.getByTestId('composer-input')).toHaveCount(0)
  await shoot(page, 'expired-window')

  await page.getByTestId('open-template').click()
  await page.getByTestId('template-id').fill('TM00015')
  await page.getByTestId('template-form').getByRole('button', { name: 'Send template' }).click()
  await expect(page.getByText('Template message · TM00015')).toBeVisible()

  await page.evaluate((each) => window.fakeRelay.followerWrites(each, 'Hello again'), id)
  await expect(page.getByTestId('window-banner')).toHaveCount(0)
  await expect(page.getByTestId('composer-input')).toBeVisible()
  await expect(page.getByTestId('messages-left')).toHaveText('5/5 replies left')
})

test('a failed send shows WeChat’s reason in plain words, and a retry when it may help', async ({ page }) => {
  await start(page)
  await openRow(page, conversationIdAt(3))
  await page.evaluate(() => window.fakeRelay.setSendOutcome('wechat_unavailable'))
  const input = page.getByTestId('composer-input')
  await input.fill('Your order ships today')
  await input.press('Enter')
  const failed = page.getByTestId('message').filter({ hasText: 'Your order ships today' })
  await expect(failed).toHaveAttribute('data-status', 'failed')
  await expect(failed.getByTestId('send-failure')).toContainText('WeChat did not answer')
  await expect(failed.getByTestId('send-failure')).toContainText('WeChat error -1')
  await page.evaluate(() => window.fakeRelay.setSendOutcome('sent'))
  await failed.getByRole('button', { name: 'Retry' }).click()
  await expect(failed).toHaveAttribute('data-status', 'sent')

  await page.evaluate(() => window.fakeRelay.setSendOutcome('window_closed'))
  await input.fill('Second try')
  await input.press('Enter')
  const closed = page.getByTestId('message').filter({ hasText: 'Second try' })
  await expect(closed.getByTestId('send-failure')).toContainText('reply window')
  await expect(closed.getByRole('button', { name: 'Retry' })).toHaveCount(0)
})

test('a hostile payload shows as text and runs nothing', async ({ page }) => {
  let dialogs = 0
  page.on('dialog', async (dialog) => {
    dialogs += 1
    await dialog.dismiss()
  })
  await start(page)
  const id = conversationIdAt(2)
  await openRow(page, id)
  const hostile =
    '<img src=x onerror=alert(1)><script>alert(2)</script> javascript:alert(3) [click](javascript:alert(4))'
  await page.evaluate(
    ([each, text]) => window.fakeRelay.followerWrites(each as string, text as string),
    [id, hostile],
  )
  const bubble = page.getByTestId('message').filter({ hasText: '<img src=x onerror=alert(1)>' })
  await expect(bubble).toContainText('<script>alert(2)</script>')
  await expect(bubble.locator('img, script')).toHaveCount(0)
  await expect(bubble.locator('a')).toHaveCount(0)
  await page.evaluate(
    (each) => window.fakeRelay.followerWrites(each, 'see https://example.com/a?b=1 now'),
    id,
  )
  const link = page.getByRole('link', { name: 'https://example.com/a?b=1' })
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  expect(dialogs).toBe(0)
})

test('Chinese: the UI in zh-CN, Chinese search opens the conversation at the message', async ({ page }) => {
  await start(page, 60, 'zh-CN')
  await expect(page.getByTestId('view-mine')).toContainText('我的')
  const id = conversationIdAt(5)
  await openRow(page, id)
  await expect(page.getByTestId('message').filter({ hasText: '这个订单怎么样了' }).first()).toBeVisible()
  await page.getByTestId('search-input').fill('订单怎么样')
  const hit = page.getByTestId('search-hit').first()
  await expect(hit.locator('mark')).toHaveText('订单怎么样')
  await hit.click()
  await expect(page.locator('.is-focused')).toBeVisible()
  await expect(page.getByTestId('conversation-name')).toBeVisible()
  await shoot(page, 'search-zh')
})

test('claiming a conversation someone else won says who won', async ({ page }) => {
  await start(page)
  const id = conversationIdAt(4)
  await openRow(page, id)
  await page.evaluate((each) => window.fakeRelay.claimBehindBack(each, 'sam'), id)
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('notice')).toContainText('Sam Park claimed this conversation first')
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to Sam Park')
})

test('settings, private notes, shortcuts and the help overlay', async ({ page }) => {
  await start(page)
  await page.keyboard.press('j')
  await expect(page.getByTestId('conversation')).toBeVisible()
  await page.keyboard.press('n')
  await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'note')
  await page.getByTestId('composer-input').fill('Called the courier, parcel arrives tomorrow')
  await page.getByTestId('composer-input').press('Enter')
  await expect(page.getByTestId('note').filter({ hasText: 'Called the courier' })).toBeVisible()
  const sends = await page.evaluate(
    () => window.fakeRelay.calls.filter((call) => call.channel === 'messages:send').length,
  )
  expect(sends).toBe(0)
  await page.getByTestId('composer-input').blur()
  await page.keyboard.press('?')
  await expect(page.getByTestId('help')).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByTestId('open-settings').click()
  await expect(page.getByTestId('settings-canned')).toBeVisible()
  await page.getByTestId('canned-code').fill('bye')
  await page.getByTestId('canned-body').fill('Goodbye {{follower.name}}!')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned')).toContainText('/bye')
  await shoot(page, 'settings')
  await page.getByTestId('settings-tab-preferences').click()
  await page.getByTestId('theme-dark').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('settings')).toBeHidden()
})

test('a picture canned reply is not a private note; as a reply it sends its picture', async ({ page }) => {
  await start(page)
  await page.getByTestId('open-settings').click()
  await page.getByTestId('canned-code').fill('qr')
  await page.getByTestId('canned-body').fill('Our WeChat Pay QR code')
  // The PNG signature is all the relay needs to tell the type; this screen only reads the file.
  await page.getByTestId('canned-picture-input').setInputFiles({
    name: 'pay-qr.png',
    mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  })
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned').getByTestId('canned-picture')).toContainText('pay-qr.png')
  await page.keyboard.press('Escape')

  const id = conversationIdAt(2)
  await openRow(page, id)
  const input = page.getByTestId('composer-input')
  await input.blur()
  await page.keyboard.press('n')
  await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'note')
  await input.click()
  await input.pressSequentially('/qr')
  await input.press('Enter')
  await expect(page.getByTestId('composer-error')).toContainText('cannot be a private note')
  await expect(input).toHaveValue('/qr')

  await input.press('Escape')
  await page.getByTestId('mode-reply').click()
  await input.fill('')
  await input.pressSequentially('/qr')
  await expect(page.getByTestId('canned-option').first().getByTestId('canned-picture')).toBeVisible()
  await input.press('Enter')
  await expect(input).toHaveValue('')
  const sent = await page.evaluate(() =>
    window.fakeRelay.calls.filter(
      (call) => call.channel === 'canned-responses:upload-image' || call.channel === 'messages:send',
    ),
  )
  expect(sent.map((call) => call.channel)).toEqual(['canned-responses:upload-image', 'messages:send'])
  expect(sent[1]!.request).toMatchObject({
    conversationId: id,
    body: { type: 'image', fileName: 'pay-qr.png' },
  })
})

test('notifications and their sound can be turned off, and stay off', async ({ page }) => {
  await start(page)
  const openPreferences = async (): Promise<void> => {
    await page.getByTestId('open-settings').click()
    await page.getByTestId('settings-tab-preferences').click()
  }
  await openPreferences()
  const enabled = page.getByTestId('notifications-enabled')
  const sound = page.getByTestId('notifications-sound')
  await expect(enabled).toBeChecked()
  await expect(sound).toBeChecked()
  await sound.uncheck()
  await expect(sound).not.toBeChecked()
  await enabled.uncheck()
  // Without notifications there is nothing to sound.
  await expect(sound).toBeDisabled()
  await shoot(page, 'settings-notifications')
  const changes = await page.evaluate(() =>
    window.fakeRelay.calls
      .filter((call) => call.channel === 'preferences:set-notifications')
      .map((call) => call.request),
  )
  expect(changes).toEqual([{ hasSound: false }, { isEnabled: false }])
  await page.keyboard.press('Escape')
  await openPreferences()
  await expect(enabled).not.toBeChecked()
  await expect(sound).not.toBeChecked()
})

test('10 000 conversations render virtualized and scroll', async ({ page }) => {
  await start(page, 10_000)
  await page.getByTestId('filter-any').click()
  await expect(page.getByTestId('view-all')).toContainText('10000')
  const mounted = await page.getByTestId('inbox-row').count()
  expect(mounted).toBeLessThan(40)
  const list = page.getByTestId('inbox-list')
  await list.evaluate((element) => (element.scrollTop = element.scrollHeight))
  await expect(page.getByTestId('inbox-row').last()).toBeVisible()
  await list.evaluate((element) => (element.scrollTop = element.scrollHeight / 2))
  await expect(page.getByTestId('inbox-row').first()).toBeVisible()
})

test('signing in with a wrong password says so plainly', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await openConsole(page, server.url, { conversationCount: 5, isSignedIn: false, now: Date.now() })
  await page.getByTestId('username').fill('mei')
  await page.getByTestId('password').fill('nope')
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong username or password.')
  await shoot(page, 'sign-in')
  await page.getByTestId('password').fill('secret')
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('inbox-list')).toBeVisible()
})

test('activity lines say who did what, with the time, in English and in Chinese', async ({ page }) => {
  await start(page)
  const id = conversationIdAt(2)
  await openRow(page, id)
  const lines = page.getByTestId('activity-line')
  await page.getByTestId('claim').click()
  await expect(lines.last()).toHaveText(/^Mei Chen claimed this conversation\s*\d{1,2}:\d{2}/)
  await page.getByTestId('tag-add').click()
  await page.getByRole('checkbox', { name: 'Shipping' }).check()
  await expect(lines.last()).toContainText('Mei Chen added tag Shipping')
  await page.getByRole('checkbox', { name: 'VIP' }).check()
  await expect(lines.last()).toContainText('Mei Chen added tag VIP')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('checkbox', { name: 'VIP' })).toHaveCount(0)
  await page.getByTestId('status-resolved').click()
  await expect(lines.last()).toContainText('Mei Chen resolved the ticket')
  await expect(lines.last()).toHaveAttribute('title', /2026/)
  // No line shows a bare username or an arrow left over from stored prose.
  for (const text of await lines.allTextContents()) expect(text).not.toMatch(/\bmei\b|→/)

  await page.getByTestId('open-settings').click()
  await page.getByTestId('settings-tab-preferences').click()
  await page.getByRole('button', { name: '简体中文' }).click()
  await page.keyboard.press('Escape')
  await expect(lines.filter({ hasText: 'Mei Chen 认领了此会话' })).toHaveCount(1)
  await expect(lines.filter({ hasText: 'Mei Chen 添加了标签 Shipping' })).toHaveCount(1)
  await expect(lines.last()).toContainText('Mei Chen 解决了工单')
})

test('inbox rows show each tag whole and count the ones that do not fit as +N, named in a tooltip', async ({
  page,
}) => {
  await start(page)
  await page.setViewportSize({ width: 1280, height: 720 })
  const id = conversationIdAt(2)
  await openRow(page, id)
  await page.getByTestId('tag-add').click()
  for (const name of ['VIP', '退款 Refund', 'Shipping', 'Bug']) {
    await page.getByRole('checkbox', { name }).check()
  }
  await page.keyboard.press('Escape')
  const row = page.locator(`[data-conversation-id="${id}"]`)
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
  await expect(row.getByTestId('row-tags')).toHaveAttribute('title', 'VIP, 退款 Refund, Shipping, Bug')
  await row.screenshot({ path: resolve(SCREENSHOTS, 'inbox-row-tags.png') })
})

test('the user menu closes on Escape and signs out', async ({ page }) => {
  await start(page)
  await page.getByTestId('user-menu').click()
  await expect(page.getByTestId('sign-out')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('sign-out')).toHaveCount(0)
  await page.getByTestId('user-menu').click()
  await page.getByTestId('sign-out').click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
})

test('a change the relay has not confirmed yet is shown as waiting, then clears', async ({ page }) => {
  await start(page)
  const id = conversationIdAt(1)
  await openRow(page, id)
  const pending = {
    clientId: 'cmd-resolve-0001',
    conversationId: id,
    command: 'set-status',
    request: { status: 'resolved' },
    state: 'pending',
    code: null,
    reason: null,
    changedBy: null,
  }
  await page.evaluate((command) => window.fakeRelay.emit('commands:changed', [command]), pending)
  await expect(page.getByTestId('queued-commands')).toHaveText('Waiting to reach the relay: status change')
  await page.evaluate(
    (command) => window.fakeRelay.emit('commands:changed', [{ ...command, state: 'applied' }]),
    pending,
  )
  await expect(page.getByTestId('queued-commands')).toBeHidden()
})
