import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { ADMIN_PASSWORD, startFullStack, SUPERVISOR, type FullStack } from './full-stack.js'

/**
 * The data the team owns, through the console: an admin erases a follower after a confirmation naming
 * what goes, every desktop drops them, and the audit log screen shows who did what, when.
 */

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots')

let stack: FullStack
test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }))
test.beforeEach(async ({ page }) => {
  stack = await startFullStack()
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
})
test.afterEach(async () => stack.close())

async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((each) => (document.documentElement.dataset['theme'] = each), theme)
    await page.screenshot({ path: resolve(SCREENSHOTS, `fullstack-${name}-${theme}.png`) })
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'))
}

const ADMIN = { username: 'admin', password: ADMIN_PASSWORD }

test('an admin erases a follower after confirming what goes, and reads it in the audit log', async ({
  page,
}) => {
  const admin = await stack.tokenOf(ADMIN.username, ADMIN.password)
  await stack.api(admin, 'POST', '/api/teams', { name: 'Night shift' })
  await stack.api(admin, 'PATCH', `/api/users/${SUPERVISOR.username}`, { role: 'admin' })
  const leaving = stack.simulator.follower()
  const staying = stack.simulator.follower()
  expect((await leaving.sendText('Please delete everything about me')).status).toBe(200)
  expect((await staying.sendText('Is my order on its way?')).status).toBe(200)

  await stack.signIn(page, ADMIN)
  await page.getByTestId('view-all').click()
  const row = page.locator(`[data-conversation-id="${leaving.openId}"]`)
  await row.click()
  await page.getByTestId('erase-follower').click()
  const dialog = page.getByTestId('erase-dialog')
  await expect(dialog).toContainText('every message and picture reference, and the private notes')
  await expect(dialog).toContainText(leaving.openId)
  await shoot(page, 'erase-follower')
  await dialog.getByTestId('erase-confirm').click()
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)
  await expect(page.locator(`[data-conversation-id="${staying.openId}"]`)).toBeVisible()
  expect(stack.relay.store.conversations.get(leaving.openId)).toBeNull()
  // The desktop's replica dropped the follower and its words too.
  expect(
    await page.evaluate(
      (text) =>
        (window as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown[]> } }).api.invoke(
          'search:query',
          { text },
        ),
      'delete everything',
    ),
  ).toEqual([])

  await page.getByTestId('screen-admin').click()
  await page.getByTestId('admin-tab-audit').click()
  const entries = page.getByTestId('audit-entry')
  await expect(entries.first()).toHaveAttribute('data-action', 'follower.erased')
  await expect(entries.first()).toContainText(`Erased the data of follower ${leaving.openId}`)
  await expect(entries.first()).toContainText('on request')
  await expect(page.getByTestId('admin-audit')).toContainText('Created team Night shift')
  await expect(page.getByTestId('admin-audit')).toContainText('Changed user')
  await shoot(page, 'audit-log')
})

test('an agent sees no erase button and no audit log', async ({ page }) => {
  const follower = stack.simulator.follower()
  expect((await follower.sendText('hello')).status).toBe(200)
  await stack.signIn(page)
  await page.getByTestId('view-all').click()
  await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
  await expect(page.getByTestId('follower-panel')).toBeVisible()
  await expect(page.getByTestId('erase-follower')).toHaveCount(0)
  await expect(page.getByTestId('screen-admin')).toHaveCount(0)
})
