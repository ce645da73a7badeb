import { expect, test } from '@playwright/test'
import { startRelayStack, type RelayStack } from '../fullstack/full-stack.js'
import { openConversation, preparePage, rowOf, shoot, showAll } from './console-page.js'

/**
 * The desktop around the inbox on the real stack: replies written offline wait in the outbox and go
 * once when the relay is back, notifications follow this computer's choice, and signing out.
 */

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

test('a reply written while the relay is unreachable waits, then goes exactly once on reconnect', async ({
  page,
}) => {
  await preparePage(page)
  const mei = await stack.createPerson('agent', 'Mei Chen')
  const follower = stack.simulator.follower()
  await follower.sendText('Are you open on Sunday?')
  const desktop = await stack.openDesktop({ isCuttable: true })
  await desktop.signIn(page, mei)
  await openConversation(page, follower.openId)

  desktop.link!.cut()
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline')
  const input = page.getByTestId('composer-input')
  await input.fill('Yes, 10:00 to 16:00')
  await input.press('Enter')
  const bubble = page.getByTestId('message').filter({ hasText: 'Yes, 10:00 to 16:00' })
  await expect(bubble).toHaveAttribute('data-status', 'pending')
  await shoot(page, 'offline-outbox')
  expect(stack.simulator.delivered.filter((each) => each.touser === follower.openId)).toEqual([])

  desktop.link!.restore()
  // The desktop may reconnect on its own first, taking the button away: the click only hurries it.
  await page
    .getByRole('button', { name: 'Retry now' })
    .click({ timeout: 5_000 })
    .catch(() => undefined)
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live')
  await expect(bubble).toHaveAttribute('data-status', 'sent')
  const sent = await stack.simulator.waitForDelivery((each) => each.touser === follower.openId)
  expect(sent.body).toMatchObject({ msgtype: 'text', text: { content: 'Yes, 10:00 to 16:00' } })
  expect(stack.simulator.delivered.filter((each) => each.touser === follower.openId)).toHaveLength(1)
})

test('notifications tell of new conversations until they are turned off, and stay off', async ({ page }) => {
  // The browser shell shows a notification as one line on its console: this process's.
  const shown: string[] = []
  const log = console.log
  console.log = (...parts: unknown[]) => {
    const line = parts.map(String).join(' ')
    if (line.startsWith('[kefu] notification:')) shown.push(line)
    else log(...parts)
  }
  try {
    await preparePage(page)
    const mei = await stack.createPerson('agent', 'Mei Chen')
    const desktop = await stack.openDesktop()
    await desktop.signIn(page, mei)
    await showAll(page)
    const first = stack.simulator.follower()
    await first.sendText('My first question')
    await expect(rowOf(page, first.openId)).toBeVisible()
    await expect.poll(() => shown.filter((line) => line.includes('My first question'))).toHaveLength(1)

    await page.getByTestId('open-settings').click()
    await page.getByTestId('settings-tab-preferences').click()
    const enabled = page.getByTestId('notifications-enabled')
    const sound = page.getByTestId('notifications-sound')
    await expect(enabled).toBeChecked()
    await expect(sound).toBeChecked()
    // The boxes show the desktop core's answer, not the click.
    await sound.click()
    await expect(sound).not.toBeChecked()
    await enabled.click()
    await expect(enabled).not.toBeChecked()
    // Without notifications there is nothing to sound.
    await expect(sound).toBeDisabled()
    await shoot(page, 'settings-notifications')
    await page.keyboard.press('Escape')

    const second = stack.simulator.follower()
    await second.sendText('My second question')
    // The row and a notification come from the same live batch: once the row shows, none was made.
    await expect(rowOf(page, second.openId)).toBeVisible()
    expect(shown.filter((line) => line.includes('My second question'))).toEqual([])

    // Kept on this computer: a reload reads the same choice back.
    await page.reload()
    await page.getByTestId('open-settings').click()
    await page.getByTestId('settings-tab-preferences').click()
    await expect(enabled).not.toBeChecked()
    await expect(sound).not.toBeChecked()
  } finally {
    console.log = log
  }
})

test('the user menu closes on Escape and signs out to the sign-in screen', async ({ page }) => {
  await preparePage(page)
  const mei = await stack.createPerson('agent', 'Mei Chen')
  const desktop = await stack.openDesktop()
  await desktop.signIn(page, mei)
  await page.getByTestId('user-menu').click()
  await expect(page.getByTestId('sign-out')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('sign-out')).toHaveCount(0)
  await page.getByTestId('user-menu').click()
  await page.getByTestId('sign-out').click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await expect(page.getByTestId('relay-url')).toHaveValue(desktop.relayUrl)
})
