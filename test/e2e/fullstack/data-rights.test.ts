import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { ADMIN_PASSWORD, AGENT, startFullStack, SUPERVISOR, type FullStack } from './full-stack.js'

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

const ADMIN = { username: 'admin', password: ADMIN_PASSWORD, displayName: 'admin' }

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
  expect(await stack.relay.store.conversations.get(leaving.openId)).toBeNull()
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

test('an admin sees a user throttled after wrong passwords, clears it, and the user signs in again', async ({
  page,
}) => {
  await page.goto(stack.shell.url)
  await page.getByTestId('username').fill(AGENT.username)
  const error = page.getByTestId('sign-in-error')
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await page.getByTestId('password').fill(`not the password ${attempt}`)
    await page.getByTestId('sign-in-submit').click()
    // The 6th finds the username locked from this address after the 5th failure.
    await expect(error).toContainText(attempt < 6 ? 'Wrong username or password' : 'Too many failed sign-ins')
    await expect(page.getByTestId('sign-in-submit')).toBeEnabled()
  }
  // Locked from this address, even with the right password.
  await page.getByTestId('password').fill(AGENT.password)
  await page.getByTestId('sign-in-submit').click()
  await expect(error).toContainText('Too many failed sign-ins')

  // The admin signs in from the same address: the address's own count is far from its limit.
  await stack.signIn(page, ADMIN)
  await page.getByTestId('screen-admin').click()
  await page.getByTestId('admin-tab-throttles').click()
  const rows = page.getByTestId('throttle-row')
  const mei = rows.and(page.locator(`[data-username="${AGENT.username}"]`))
  await expect(mei).toHaveCount(1)
  await expect(mei).toContainText(AGENT.displayName)
  await expect(mei).toContainText('Locked until')
  const address = await mei.getAttribute('data-address')
  expect(address).toBeTruthy()
  // The address's own count: the five wrong passwords it let through, whatever the username.
  const ofAddress = rows.and(page.locator('[data-username=""]'))
  await expect(ofAddress).toContainText('Every username from this address')
  await expect(ofAddress.locator('td').nth(2)).toHaveText('5')
  await shoot(page, 'sign-in-throttles')

  await mei.getByTestId('throttle-clear').click()
  const dialog = page.getByTestId('throttles-dialog')
  await expect(dialog).toContainText(`${AGENT.displayName} can sign in again from ${address}`)
  await shoot(page, 'sign-in-throttles-confirm')
  await dialog.getByTestId('throttles-confirm').click()
  await expect(dialog).toHaveCount(0)
  await expect(mei).toHaveCount(0)
  await expect(ofAddress).toHaveCount(1)

  await page.getByTestId('throttles-clear-all').click()
  await expect(dialog).toContainText('Throttles to clear: 1.')
  await dialog.getByTestId('throttles-confirm').click()
  await expect(page.getByTestId('throttles-empty')).toBeVisible()
  await expect(rows).toHaveCount(0)
  expect(stack.relay.auth.signInThrottles()).toEqual([])

  // Both clearings are in the audit log, in words.
  await page.getByTestId('admin-tab-audit').click()
  const entries = page.getByTestId('audit-entry')
  await expect(entries.nth(0)).toContainText('Cleared every sign-in throttle')
  await expect(entries.nth(0)).toContainText('Throttles cleared: 1')
  await expect(entries.nth(1)).toContainText(`Let ${AGENT.displayName} sign in again from ${address}`)
  await expect(entries.nth(1)).toContainText('Throttles cleared: 1')

  await page.getByTestId('user-menu').click()
  await page.getByTestId('sign-out').click()
  await stack.signIn(page, AGENT)
  await expect(page.getByTestId('screen-admin')).toHaveCount(0)
})

test('the audit log says in words what changed, in English and Chinese', async ({ page }) => {
  const admin = await stack.tokenOf(ADMIN.username, ADMIN.password)
  const team = (await stack.api(admin, 'POST', '/api/teams', { name: 'Night shift' })) as { id: string }
  await stack.api(admin, 'PATCH', `/api/teams/${team.id}`, { isSharingConversations: true, agentCap: 4 })
  await stack.api(admin, 'PATCH', `/api/users/${SUPERVISOR.username}`, {
    role: 'admin',
    teamId: team.id,
    password: 'a brand new password',
  })
  await stack.api(admin, 'POST', '/api/users', {
    username: 'tom',
    password: 'tom console password',
    role: 'agent',
    displayName: 'Tom',
  })

  await stack.signIn(page, ADMIN)
  await page.getByTestId('screen-admin').click()
  await page.getByTestId('admin-tab-audit').click()
  const details = page.getByTestId('audit-details')
  const entries = page.getByTestId('audit-entry')
  await expect(entries.nth(0)).toContainText('Created user Tom')
  await expect(details.nth(0)).toHaveText('Role: agent · Display name: Tom')
  await expect(entries.nth(1)).toContainText('Changed user Lin Wang')
  await expect(details.nth(1)).toHaveText('Role: admin · Team: Night shift · Password reset')
  await expect(entries.nth(2)).toContainText('Changed team Night shift')
  await expect(details.nth(2)).toHaveText('Teammates share conversations: yes · Cap per agent: 4')
  await expect(details.nth(3)).toHaveText('Teammates share conversations: no · Auto-assignment: no')
  // No raw field names, and never the password itself.
  await expect(page.getByTestId('admin-audit')).not.toContainText('isSharingConversations')
  await expect(page.getByTestId('admin-audit')).not.toContainText('a brand new password')
  await shoot(page, 'audit-log-details')

  // The same desktop in Chinese (this page's init script keeps the first one in English).
  const chinese = await page.context().newPage()
  await chinese.addInitScript(() => localStorage.setItem('kefu.language', 'zh-CN'))
  await chinese.goto(stack.shell.url)
  await chinese.getByTestId('screen-admin').click()
  await chinese.getByTestId('admin-tab-audit').click()
  await expect(chinese.getByTestId('audit-entry').nth(0)).toContainText('创建了用户 Tom')
  const chineseDetails = chinese.getByTestId('audit-details')
  await expect(chineseDetails.nth(1)).toHaveText('角色：管理员 · 团队：Night shift · 已重置密码')
  await expect(chineseDetails.nth(2)).toHaveText('队友共享会话：是 · 每人上限：4')
  await chinese.setViewportSize({ width: 1440, height: 900 })
  await shoot(chinese, 'audit-log-details-zh')
  await chinese.getByTestId('admin-tab-throttles').click()
  await expect(chinese.getByTestId('throttles-empty')).toHaveText('没有被暂缓的登录：最近没有人登录失败。')
})
