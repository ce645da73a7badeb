import { expect, test, type Page } from '@playwright/test'
import { startRelayStack, type RelayStack } from './full-stack.js'

/**
 * The console draws the reply window the relay enforces: a relay started with other quotas than
 * WeChat's (5 after a message, 3 after an event) shows those in the inbox and the composer, and refuses
 * the send the console says is the last one allowed.
 */

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack({ RELAY_WINDOW_MESSAGE_QUOTA: '2', RELAY_WINDOW_EVENT_QUOTA: '1' })
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

async function openConsole(page: Page): Promise<void> {
  const agent = await stack.createPerson('agent', 'Quinn Quota')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
}

test('a follower’s message opens the relay’s quota of replies, counted down to its refusal', async ({
  page,
}) => {
  await openConsole(page)
  const follower = stack.simulator.follower()
  expect((await follower.sendText('Is my order shipped?')).status).toBe(200)
  const row = page.locator(`[data-conversation-id="${follower.openId}"]`)
  await expect(row.getByTestId('countdown')).toContainText('2/2')
  await row.click()
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('messages-left')).toContainText('2/2 replies left')

  const input = page.getByTestId('composer-input')
  await input.fill('Yes, this morning.')
  await input.press('Enter')
  await expect(page.getByTestId('messages-left')).toContainText('1/2 replies left')
  await expect(row.getByTestId('countdown')).toContainText('1/2')

  await input.fill('Tracking number follows.')
  await input.press('Enter')
  // The relay's second reply is its last: the composer gives way to the banner naming its quota.
  await expect(page.getByTestId('window-banner')).toContainText('All replies in this window are used')
  await expect(page.getByTestId('window-banner')).toContainText('WeChat allows 2 replies per window')
  await expect
    .poll(() => stack.simulator.delivered.filter((each) => each.touser === follower.openId).length)
    .toBe(2)
})

test('a follow opens the relay’s event quota', async ({ page }) => {
  await openConsole(page)
  const follower = stack.simulator.follower()
  expect((await follower.follow()).status).toBe(200)
  const row = page.locator(`[data-conversation-id="${follower.openId}"]`)
  await expect(row.getByTestId('countdown')).toContainText('1/1')
  await row.click()
  await expect(page.getByTestId('messages-left')).toContainText('1/1 replies left')
})
