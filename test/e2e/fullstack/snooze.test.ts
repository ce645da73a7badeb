import { expect, test } from '@playwright/test'
import { startRelayStack, type RelayStack } from './full-stack.js'

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

test('an agent snoozes a conversation until the follower writes; it leaves the views and comes back when they do', async ({
  page,
}) => {
  const agent = await stack.createPerson('agent', 'Sia Snooze')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  const follower = stack.simulator.follower()
  expect((await follower.sendText('I will check and come back')).status).toBe(200)
  await page.getByTestId('view-all').click()
  const row = page.locator(`[data-conversation-id="${follower.openId}"]`)
  await row.click()
  await page.getByTestId('snooze').click()
  await page.getByTestId('snooze-reply').click()
  await expect(page.getByTestId('unsnooze')).toBeVisible()
  await expect(page.getByTestId('activity-line').last()).toContainText(
    'snoozed this until the follower writes',
  )
  await expect(row).toHaveCount(0)
  await page.getByTestId('view-snoozed').click()
  await expect(row).toBeVisible()
  await expect(page.getByTestId('view-snoozed')).toContainText('1')

  expect((await follower.sendText('Checked: it is the blue one')).status).toBe(200)
  await expect(row).toHaveCount(0)
  await page.getByTestId('view-all').click()
  await expect(row).toBeVisible()
  await expect(page.getByTestId('snooze')).toBeVisible()
})
