import { expect, test, type Page } from '@playwright/test'
import { ADMIN, startRelayStack, type Person, type RelayStack } from '../fullstack/full-stack.js'
import { openConversation, preparePage, rowOf, shoot, showAll } from './console-page.js'

/**
 * The team at work in the real console: claims between two desktops, reassigning, handovers, the
 * board, presence and the admin screens, against one relay for the file and the WeChat simulator.
 */

let stack: RelayStack
let admin: string
test.beforeAll(async () => {
  stack = await startRelayStack()
  admin = await stack.tokenOf(ADMIN.username, ADMIN.password)
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

/** A new follower who has written once. */
async function newFollower(text: string) {
  const follower = stack.simulator.follower()
  expect((await follower.sendText(text)).status).toBe(200)
  return follower
}

const assigneeOf = async (openId: string) =>
  (await stack.relay.store.conversations.get(openId))?.assignee ?? null

/** Gives the conversation to `username` through the relay's REST API, as another desktop would. */
async function assign(openId: string, username: string | null): Promise<void> {
  const version = (await stack.relay.store.conversations.get(openId))!.version
  await stack.api(admin, 'PUT', `/api/conversations/${openId}/assignee`, { assignee: username, version })
}

async function signedIn(
  page: Page,
  person: Person,
  options: { isCuttable?: boolean; language?: string } = {},
) {
  await preparePage(page, options.language)
  const desktop = await stack.openDesktop(options)
  await desktop.signIn(page, person)
  return desktop
}

test('two desktops claim one conversation: the one cut off hears who won when it is back', async ({
  browser,
  page,
}) => {
  const mei = await stack.createPerson('agent', 'Mei Chen')
  const sam = await stack.createPerson('agent', 'Sam Park')
  const follower = await newFollower('Who can help me?')
  const other = await browser.newPage()
  try {
    const cut = await signedIn(page, mei, { isCuttable: true })
    await signedIn(other, sam)
    await openConversation(page, follower.openId)
    await openConversation(other, follower.openId)
    // Each desktop shows the other looking at the conversation.
    await expect(page.locator('.conversation-header').getByTestId('viewing-mark')).toHaveText(/Sam Park/)
    await expect(other.locator('.conversation-header').getByTestId('viewing-mark')).toHaveText(/Mei Chen/)

    cut.link!.cut()
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline')
    await page.getByTestId('claim').click()
    await expect(page.getByTestId('queued-commands')).toContainText('Waiting to reach the relay')
    await other.getByTestId('claim').click()
    await expect(other.getByTestId('assignee')).toHaveText('Assigned to you')

    cut.link!.restore()
    await page.getByRole('button', { name: 'Retry now' }).click()
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live')
    await expect(page.getByTestId('notice')).toContainText('Sam Park claimed this conversation first')
    await expect(page.getByTestId('queued-commands')).toBeHidden()
    expect(await assigneeOf(follower.openId)).toBe(sam.username)
  } finally {
    await other.close()
  }
})

test('a supervisor reassigns one conversation, and several at once with a handover note', async ({
  page,
}) => {
  const lin = await stack.createPerson('supervisor', 'Lin Wang')
  const bo = await stack.createPerson('agent', 'Bo Li')
  const one = await newFollower('Please call me back')
  const many = [await newFollower('Refund A'), await newFollower('Refund B'), await newFollower('Refund C')]
  await signedIn(page, lin)

  await openConversation(page, one.openId)
  await page.getByRole('combobox', { name: 'Reassign…' }).selectOption(bo.username)
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to Bo Li')
  await expect.poll(() => assigneeOf(one.openId)).toBe(bo.username)

  await showAll(page)
  for (const follower of many)
    await page
      .locator('.inbox-list__slot')
      .filter({ has: rowOf(page, follower.openId) })
      .getByTestId('row-select')
      .check()
  await expect(page.getByTestId('bulk-bar')).toContainText('3 selected')
  await page.getByTestId('bulk-reassign').click()
  const dialog = page.getByTestId('reassign-dialog')
  await dialog.getByTestId('assignee-picker').selectOption(bo.username)
  await dialog.getByTestId('handover-note').fill('VIP refunds, promised a call back today.')
  await shoot(page, 'bulk-reassign')
  await dialog.getByTestId('reassign-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('3 moved to Bo Li')
  await expect(page.getByTestId('bulk-bar')).toBeHidden()
  for (const follower of many) expect(await assigneeOf(follower.openId)).toBe(bo.username)
  await rowOf(page, many[0]!.openId).click()
  await expect(page.getByTestId('note').filter({ hasText: 'VIP refunds' })).toContainText('Handover note')
})

test('the board shows agents with their load and the queue live, and hands an offline agent’s work over', async ({
  page,
}) => {
  const lin = await stack.createPerson('supervisor', 'Lin Wang')
  const bo = await stack.createPerson('agent', 'Bo Li')
  const sam = await stack.createPerson('agent', 'Sam Park')
  const held = [await newFollower('Order 1 is late'), await newFollower('Order 2 is late')]
  for (const follower of held) await assign(follower.openId, bo.username)
  const waiting = await newFollower('Nobody has answered me yet')
  await signedIn(page, lin)
  await page.getByTestId('screen-board').click()
  const board = page.getByTestId('board')
  const boRow = board.locator(`[data-testid="board-agent"][data-username="${bo.username}"]`)
  await expect(boRow.getByTestId('board-load')).toHaveText('2 / no cap')
  // Bo has never signed in: offline, and offered for handover.
  await expect(boRow.locator('.presence-dot')).toHaveAttribute('data-status', 'offline')
  await expect(board.getByTestId('board-queue')).toContainText('waiting')
  await shoot(page, 'board')

  // Live: a third conversation given to Bo elsewhere shows on the board.
  await assign(waiting.openId, bo.username)
  await expect(boRow.getByTestId('board-load')).toHaveText('3 / no cap')

  await boRow.getByTestId('board-handover').click()
  const dialog = page.getByTestId('handover-dialog')
  await expect(dialog.getByTestId('handover-list').locator('li')).toHaveCount(3)
  await dialog.getByTestId('assignee-picker').selectOption(sam.username)
  await dialog.getByTestId('handover-note').fill('Bo went home sick; these are all yours.')
  await dialog.getByTestId('handover-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('moved to Sam Park')
  await expect(boRow.getByTestId('board-load')).toHaveText('0 / no cap')
  for (const follower of [...held, waiting]) expect(await assigneeOf(follower.openId)).toBe(sam.username)
})

test('presence by hand, and my own shift-end handover of what I choose', async ({ page }) => {
  const mei = await stack.createPerson('agent', 'Mei Chen')
  const mine = [await newFollower('First of mine'), await newFollower('Second of mine')]
  for (const follower of mine) await assign(follower.openId, mei.username)
  await signedIn(page, mei)
  const dot = page.getByTestId('user-menu').locator('.presence-dot')
  await expect(dot).toHaveAttribute('data-status', 'online')
  await page.getByTestId('user-menu').click()
  await page.getByTestId('status-set-away').click()
  await page.mouse.move(500, 300)
  await expect(dot).toHaveAttribute('data-status', 'away')
  const token = await stack.tokenOf(ADMIN.username, ADMIN.password)
  await expect
    .poll(async () => {
      const presences = (await stack.api(token, 'GET', '/api/presence')) as {
        username: string
        status: string
      }[]
      return presences.find((each) => each.username === mei.username)?.status
    })
    .toBe('away')

  await page.getByTestId('user-menu').click()
  await page.getByTestId('open-handover').click()
  const dialog = page.getByTestId('handover-dialog')
  await expect(dialog.getByTestId('handover-list').locator('li')).toHaveCount(2)
  await dialog.getByTestId('handover-list').locator('input').first().uncheck()
  await dialog.getByTestId('handover-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('1 returned to the queue')
  expect((await Promise.all(mine.map((follower) => assigneeOf(follower.openId)))).sort()).toEqual(
    [mei.username, null].sort(),
  )
})

test('admins manage users and teams; refusals are shown plainly', async ({ page }) => {
  const taken = await stack.createPerson('agent', 'Bo Li')
  const sam = await stack.createPerson('agent', 'Sam Park')
  const front = (await stack.api(admin, 'POST', '/api/teams', { name: `Front desk ${sam.username}` })) as {
    id: string
    name: string
  }
  await signedIn(page, ADMIN)
  await page.getByTestId('screen-admin').click()
  const users = page.getByTestId('admin-users')
  await expect(users.locator(`[data-testid="user-row"][data-username="${sam.username}"]`)).toBeVisible()
  await shoot(page, 'admin-users')

  await users.getByTestId('new-username').fill(taken.username)
  await users.getByTestId('new-password').fill('long-enough-1')
  await users.getByTestId('create-user-submit').click()
  await expect(users.getByTestId('admin-error')).toHaveText(`User ${taken.username} already exists.`)
  const amyName = `amy-${sam.username}`
  await users.getByTestId('new-username').fill(amyName)
  await users.getByTestId('new-role').selectOption('supervisor')
  await users.getByTestId('create-user-submit').click()
  const amy = users.locator(`[data-testid="user-row"][data-username="${amyName}"]`)
  await expect(amy).toBeVisible()
  await expect(amy.getByTestId('user-role')).toHaveValue('supervisor')
  await amy.getByTestId('user-team').selectOption(front.id)
  await amy.getByTestId('user-kf').fill('amy@gh_kefu')
  await amy.getByTestId('user-kf').press('Enter')
  await amy.getByTestId('toggle-disabled').click()
  await expect(amy).toContainText('Disabled')
  await amy.getByTestId('reset-password').click()
  await amy.getByTestId('reset-password-input').fill('another-secret')
  await amy.getByTestId('reset-password-input').press('Enter')
  await expect(amy.getByTestId('reset-password')).toBeVisible()
  await expect
    .poll(async () => (await stack.relay.store.users.get(amyName))?.user)
    .toMatchObject({ teamId: front.id, kfAccount: 'amy@gh_kefu', isDisabled: true, role: 'supervisor' })
  const me = users.locator('[data-testid="user-row"][data-username="admin"]')
  await me.getByTestId('toggle-disabled').click()
  await expect(users.getByTestId('admin-error')).toHaveText(
    'The relay would be left without an active admin.',
  )

  await page.getByTestId('admin-tab-teams').click()
  const teams = page.getByTestId('admin-teams')
  const nightName = `夜班 Night shift ${sam.username}`
  await teams.getByTestId('new-team-name').fill(nightName)
  await teams.getByTestId('create-team-submit').click()
  const night = teams.getByTestId('team-card').filter({ hasText: nightName })
  await expect(night).toBeVisible()
  await night.locator('label.switch').filter({ hasText: 'Auto-assignment' }).click()
  await night.getByTestId('team-cap').fill('6')
  await night.getByTestId('team-cap').press('Enter')
  await night.getByTestId('team-add-member').selectOption(sam.username)
  await expect(night.getByTestId('team-member')).toContainText('Sam Park')
  await shoot(page, 'admin-teams')
  const nightId = (await night.getAttribute('data-team-id'))!
  await expect
    .poll(async () => await stack.relay.store.teams.get(nightId))
    .toMatchObject({ isAutoAssigning: true, agentCap: 6 })
  await expect.poll(async () => (await stack.relay.store.users.get(sam.username))?.user.teamId).toBe(nightId)
  // Before a reply window closes on an absent agent: hand it on 90 minutes early, take back after 2 hours offline.
  await night.getByTestId('rescue-action').selectOption('reassign')
  await night.getByTestId('rescue-minutes').fill('90')
  await night.getByTestId('rescue-minutes').blur()
  await night.getByTestId('rescue-offline').fill('120')
  await night.getByTestId('rescue-offline').blur()
  await expect
    .poll(async () => (await stack.relay.store.teams.get(nightId))?.windowRescue)
    .toEqual({ minutesBefore: 90, action: 'reassign', reclaimOfflineAfterMinutes: 120 })
  await night.getByTestId('auto-resolve-hours').fill('48')
  await night.getByTestId('auto-resolve-hours').blur()
  await expect.poll(async () => (await stack.relay.store.teams.get(nightId))?.autoResolveAfterHours).toBe(48)
  await teams.getByTestId('new-team-name').fill(front.name)
  await teams.getByTestId('create-team-submit').click()
  await expect(teams.getByTestId('admin-error')).toHaveText(`A team named ${front.name} exists.`)
})

test('the board and admin in Chinese', async ({ page }) => {
  await signedIn(page, ADMIN, { language: 'zh-CN' })
  await page.getByTestId('screen-board').click()
  await expect(page.getByTestId('board')).toContainText('团队看板')
  await shoot(page, 'board-zh')
  await page.getByTestId('screen-admin').click()
  await expect(page.getByTestId('admin-users')).toContainText('创建用户')
})

test('agents see no board, no admin and no bulk selection', async ({ page }) => {
  const mei = await stack.createPerson('agent', 'Mei Chen')
  await newFollower('Anyone?')
  await signedIn(page, mei)
  await showAll(page)
  await expect(page.getByTestId('inbox-row').first()).toBeVisible()
  await expect(page.getByTestId('screen-board')).toHaveCount(0)
  await expect(page.getByTestId('screen-admin')).toHaveCount(0)
  await expect(page.getByTestId('row-select')).toHaveCount(0)
})
