import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { Role } from '../../../common/domain/user.js'
import type { FakeRelayControl } from './fake-relay.js'
import { openConsole } from './open-console.js'
import { serveRenderer } from './serve-renderer.js'

declare global {
  interface Window {
    fakeRelay: FakeRelayControl
  }
}

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots')
const NOW = Date.UTC(2026, 10, 20, 6, 0, 0)

let server: Awaited<ReturnType<typeof serveRenderer>>
test.beforeAll(async () => {
  server = await serveRenderer()
  mkdirSync(SCREENSHOTS, { recursive: true })
})
test.afterAll(async () => server.close())

async function start(
  page: Page,
  role: Role = 'supervisor',
  language = 'en',
  conversationCount = 60,
): Promise<void> {
  await page.clock.install({ time: NOW })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await openConsole(page, server.url, { conversationCount, isSignedIn: true, now: NOW, role }, language)
  await expect(page.getByTestId('inbox-list')).toBeVisible()
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((each) => (document.documentElement.dataset['theme'] = each), theme)
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${theme}.png`) })
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'))
}

const openCountOf = (page: Page, username: string) =>
  page.evaluate((who) => {
    let count = 0
    for (let index = 0; index < 60; index += 1) {
      const id = `oFollower${String(index).padStart(6, '0')}xYz${(index * 7919) % 10_007}`
      const conversation = window.fakeRelay.conversation(id)
      if (conversation?.assignee === who && conversation.status !== 'resolved') count += 1
    }
    return count
  }, username)

test('the board shows agents with status and load, the queue, expiring windows and tags, live', async ({
  page,
}) => {
  await start(page)
  await page.getByTestId('screen-board').click()
  const board = page.getByTestId('board')
  await expect(board).toBeVisible()
  const bo = board.locator('[data-testid="board-agent"][data-username="bo"]')
  await expect(bo.getByTestId('board-load')).toHaveText(`${await openCountOf(page, 'bo')} / 8`)
  await expect(bo.locator('.presence-dot')).toHaveAttribute('data-status', 'online')
  await expect(board.getByTestId('board-queue').locator('li')).toHaveCount(
    await page.evaluate(() => {
      let count = 0
      for (let index = 0; index < 60; index += 1) {
        const id = `oFollower${String(index).padStart(6, '0')}xYz${(index * 7919) % 10_007}`
        const conversation = window.fakeRelay.conversation(id)
        if (conversation?.assignee === null && conversation.status !== 'resolved') count += 1
      }
      return count
    }),
  )
  await expect(board.getByTestId('board-queue')).toContainText('waiting')
  await expect(board.getByTestId('board-tags')).toContainText('VIP')
  await expect(board.getByTestId('board-expiring').locator('li').first()).toBeVisible()
  await shoot(page, 'board')

  await page.evaluate(() => window.fakeRelay.setPresence('bo', 'offline'))
  await expect(bo.locator('.presence-dot')).toHaveAttribute('data-status', 'offline')
  // An offline agent with open conversations is offered for handover; do it in one step.
  await bo.getByTestId('board-handover').click()
  const dialog = page.getByTestId('handover-dialog')
  await expect(dialog.getByTestId('handover-list').locator('li')).toHaveCount(await openCountOf(page, 'bo'))
  await dialog.getByTestId('assignee-picker').selectOption('sam')
  await dialog.getByTestId('handover-note').fill('Bo went home sick; these are all yours.')
  await dialog.getByTestId('handover-submit').click()
  await expect(dialog).toBeHidden()
  await expect(bo.getByTestId('board-load')).toHaveText('0 / 8')
  expect(await openCountOf(page, 'bo')).toBe(0)
  await expect(page.getByTestId('notice')).toContainText('moved to Sam Park')
})

test('multi-select with shift-click and a bulk reassign with a handover note', async ({ page }) => {
  await start(page)
  await page.getByTestId('filter-any').click()
  const rows = page.getByTestId('inbox-list').locator('.inbox-list__slot')
  await rows.nth(0).getByTestId('row-select').check()
  await rows
    .nth(3)
    .getByTestId('inbox-row')
    .click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('bulk-bar')).toContainText('4 selected')
  const chosen = await rows.evaluateAll((slots) =>
    slots
      .slice(0, 4)
      .map(
        (slot) => slot.querySelector('[data-conversation-id]')?.getAttribute('data-conversation-id') ?? '',
      ),
  )
  await page.getByTestId('bulk-reassign').click()
  const dialog = page.getByTestId('reassign-dialog')
  await expect(dialog.getByTestId('assignee-picker').locator('option[value="ken"]')).toHaveCount(0)
  await dialog.getByTestId('assignee-picker').selectOption('bo')
  await dialog.getByTestId('handover-note').fill('VIP refunds, promised a call back today.')
  await shoot(page, 'bulk-reassign')
  await dialog.getByTestId('reassign-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('4 moved to Bo Li')
  await expect(page.getByTestId('bulk-bar')).toBeHidden()
  for (const id of chosen)
    expect(await page.evaluate((each) => window.fakeRelay.conversation(each)?.assignee, id)).toBe('bo')
  await page.locator(`[data-conversation-id="${chosen[0]}"]`).click()
  const note = page.getByTestId('note').filter({ hasText: 'VIP refunds' })
  await expect(note).toContainText('Handover note')
})

test('a stale selection is refused whole, with the relay’s words, and nothing moves', async ({ page }) => {
  await start(page)
  await page.getByTestId('filter-any').click()
  const rows = page.getByTestId('inbox-list').locator('.inbox-list__slot')
  await rows.nth(0).getByTestId('row-select').check()
  await rows.nth(1).getByTestId('row-select').check()
  const second = await rows.nth(1).locator('[data-conversation-id]').getAttribute('data-conversation-id')
  await page.evaluate((id) => window.fakeRelay.claimBehindBack(id!, 'sam'), second)
  await page.getByTestId('bulk-reassign').click()
  await page.getByTestId('assignee-picker').selectOption('bo')
  await page.getByTestId('reassign-submit').click()
  await expect(page.getByTestId('dialog-error')).toHaveText(
    '1 of the conversations changed meanwhile; nothing was moved.',
  )
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected')
})

test('others’ viewing marks, presence by hand and by idleness, and my shift-end handover', async ({
  page,
}) => {
  await start(page)
  await page.getByTestId('filter-any').click()
  const id = (await page.getByTestId('inbox-row').first().getAttribute('data-conversation-id')) ?? ''
  await page.evaluate((each) => window.fakeRelay.viewBy('bo', each, true), id)
  const row = page.locator(`[data-conversation-id="${id}"]`)
  await expect(row.getByTestId('viewing-mark')).toHaveText(/Bo Li/)
  await row.click()
  await expect(page.locator('.conversation-header').getByTestId('viewing-mark')).toHaveText(/Bo Li viewing/)
  const calls = await page.evaluate(() =>
    window.fakeRelay.calls.filter((call) => call.channel === 'conversations:view'),
  )
  expect(calls.at(-1)?.request).toEqual({ conversationId: id, isViewing: true })

  // Idle: five quiet minutes → away; the next mouse move → online.
  await page.clock.runFor(5 * 60_000 + 20_000)
  await expect(page.getByTestId('user-menu').locator('.presence-dot')).toHaveAttribute('data-status', 'away')
  await page.mouse.move(400, 400)
  await expect(page.getByTestId('user-menu').locator('.presence-dot')).toHaveAttribute(
    'data-status',
    'online',
  )
  // By hand: away stays, whatever the mouse does.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('status-set-away').click()
  await page.mouse.move(500, 300)
  await expect(page.getByTestId('user-menu').locator('.presence-dot')).toHaveAttribute('data-status', 'away')
  const sent = await page.evaluate(() =>
    window.fakeRelay.calls.filter((call) => call.channel === 'presence:set').map((call) => call.request),
  )
  expect(sent).toEqual([{ status: 'away' }, { status: 'online' }, { status: 'away' }])

  await page.getByTestId('user-menu').click()
  await page.getByTestId('open-handover').click()
  const dialog = page.getByTestId('handover-dialog')
  const mine = await openCountOf(page, 'mei')
  await expect(dialog.getByTestId('handover-list').locator('li')).toHaveCount(mine)
  await dialog.getByTestId('handover-list').locator('input').first().uncheck()
  await dialog.getByTestId('handover-submit').click()
  await expect(dialog).toBeHidden()
  expect(await openCountOf(page, 'mei')).toBe(1)
  await expect(page.getByTestId('notice')).toContainText(`${mine - 1} returned to the queue`)
})

test('admins manage users and teams; refusals are shown plainly', async ({ page }) => {
  await start(page, 'admin')
  await page.getByTestId('screen-admin').click()
  const users = page.getByTestId('admin-users')
  await expect(users.getByTestId('user-row')).toHaveCount(5)
  await shoot(page, 'admin-users')

  await users.getByTestId('new-username').fill('bo')
  await users.getByTestId('new-password').fill('long-enough-1')
  await users.getByTestId('create-user-submit').click()
  await expect(users.getByTestId('admin-error')).toHaveText('A user named bo already exists.')
  await users.getByTestId('new-username').fill('amy')
  await users.getByTestId('new-role').selectOption('supervisor')
  await users.getByTestId('create-user-submit').click()
  const amy = users.locator('[data-testid="user-row"][data-username="amy"]')
  await expect(amy).toBeVisible()
  await expect(amy.getByTestId('user-role')).toHaveValue('supervisor')
  await amy.getByTestId('user-team').selectOption('team-refunds')
  await amy.getByTestId('user-kf').fill('amy@gh_kefu')
  await amy.getByTestId('user-kf').press('Enter')
  await amy.getByTestId('toggle-disabled').click()
  await expect(amy).toContainText('Disabled')
  await amy.getByTestId('reset-password').click()
  await amy.getByTestId('reset-password-input').fill('another-secret')
  await amy.getByTestId('reset-password-input').press('Enter')
  await expect(amy.getByTestId('reset-password')).toBeVisible()
  expect(await page.evaluate(() => window.fakeRelay.user('amy'))).toMatchObject({
    teamId: 'team-refunds',
    kfAccount: 'amy@gh_kefu',
    isDisabled: true,
  })
  const mei = users.locator('[data-testid="user-row"][data-username="mei"]')
  await mei.getByTestId('toggle-disabled').click()
  await expect(users.getByTestId('admin-error')).toHaveText('You cannot disable yourself.')

  await page.getByTestId('admin-tab-teams').click()
  const teams = page.getByTestId('admin-teams')
  await expect(teams.getByTestId('team-card')).toHaveCount(2)
  await teams.getByTestId('new-team-name').fill('夜班 Night shift')
  await teams.getByTestId('create-team-submit').click()
  const night = teams.getByTestId('team-card').filter({ hasText: 'Night shift' })
  await expect(night).toBeVisible()
  await night.locator('label.switch').filter({ hasText: 'Auto-assignment' }).click()
  await night.getByTestId('team-cap').fill('6')
  await night.getByTestId('team-cap').press('Enter')
  await night.getByTestId('team-add-member').selectOption('sam')
  await expect(night.getByTestId('team-member')).toContainText('Sam Park')
  await shoot(page, 'admin-teams')
  const teamId = await night.getAttribute('data-team-id')
  expect(await page.evaluate((each) => window.fakeRelay.team(each!), teamId)).toMatchObject({
    isAutoAssigning: true,
    agentCap: 6,
  })
  await teams.getByTestId('new-team-name').fill('Front desk')
  await teams.getByTestId('create-team-submit').click()
  await expect(teams.getByTestId('admin-error')).toHaveText('A team named Front desk already exists.')
})

test('the board and admin in Chinese', async ({ page }) => {
  await start(page, 'admin', 'zh-CN')
  await page.getByTestId('screen-board').click()
  await expect(page.getByTestId('board')).toContainText('团队看板')
  await shoot(page, 'board-zh')
  await page.getByTestId('screen-admin').click()
  await expect(page.getByTestId('admin-users')).toContainText('创建用户')
})

test('agents see no board, no admin and no bulk selection', async ({ page }) => {
  await start(page, 'agent')
  await expect(page.getByTestId('screen-board')).toHaveCount(0)
  await expect(page.getByTestId('screen-admin')).toHaveCount(0)
  await expect(page.getByTestId('row-select')).toHaveCount(0)
})
