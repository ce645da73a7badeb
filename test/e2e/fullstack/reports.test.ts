import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { ADMIN, startRelayStack, type RelayStack } from './full-stack.js'

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

/** The cells of a report table as the screen shows them, header first. */
async function cellsOf(page: Page, id: string): Promise<string[][]> {
  return page
    .getByTestId(`report-table-${id}`)
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    )
}

/** A downloaded CSV as rows of cells (RFC 4180 quoting, the byte-order mark dropped). */
function rowsOfCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let isQuoted = false
  const body = text.replace(/^\uFEFF/, '')
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!
    if (isQuoted && char === '"' && body[index + 1] === '"') {
      cell += '"'
      index++
    } else if (char === '"') isQuoted = !isQuoted
    else if (isQuoted || (char !== ',' && char !== '\r' && char !== '\n')) cell += char
    else if (char === ',') endCell()
    else if (char === '\n') {
      endCell()
      rows.push(row)
      row = []
    }
  }
  return rows
}

test('a supervisor reads the week’s figures in charts and tables, and each CSV holds what the screen shows', async ({
  page,
}) => {
  const agent = await stack.createPerson('agent', 'Rui Report')
  const supervisor = await stack.createPerson('supervisor', 'Sun Lead')
  const agentToken = await stack.tokenOf(agent.username, agent.password)
  // Two followers write, the agent answers one: a day with something to count.
  const asker = stack.simulator.follower()
  const waiter = stack.simulator.follower()
  expect((await asker.sendText('快递到哪了？')).status).toBe(200)
  expect((await waiter.sendText('=HYPERLINK("x") is my order, thanks')).status).toBe(200)
  await stack.api(agentToken, 'POST', `/api/conversations/${asker.openId}/messages`, {
    clientMessageId: 'report-e2e-reply-1',
    body: { type: 'text', text: '已发出，明天到' },
  })
  await expect
    .poll(async () => (await stack.relay.store.conversations.get(asker.openId))?.ticketRepliedAt)
    .not.toBeNull()

  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, supervisor)
  await page.getByTestId('screen-reports').click()
  await expect(page.getByTestId('report-ticketsOpened')).toContainText('2')
  await expect(page.getByTestId('report-messagesIn')).toContainText('2')
  await expect(page.getByTestId('report-chart-daily').locator('canvas').first()).toBeVisible()
  await expect(page.getByTestId('report-chart-heatmap').locator('canvas').first()).toBeVisible()
  const agents = await cellsOf(page, 'agents')
  expect(agents[0]).toEqual([
    'Agent',
    'Handled',
    'Resolved',
    'First response (median)',
    'Open now',
    'Time online',
  ])
  expect(agents.slice(1).map((row) => row[0])).toContain('Rui Report')

  for (const id of ['summary', 'agents', 'daily', 'heatmap']) {
    const downloaded = page.waitForEvent('download')
    await page.getByTestId(`report-csv-${id}`).click()
    const download = await downloaded
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^${id}-\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    )
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(rowsOfCsv(csv)).toEqual(await cellsOf(page, id))
  }

  // Both languages and both themes draw the same report (a page of its own: this one is kept in English).
  await page.getByTestId('toggle-theme').click()
  await page.screenshot({ path: test.info().outputPath('reports-dark-en.png'), fullPage: true })
  const chinese = await page.context().newPage()
  await chinese.goto(desktop.url)
  await chinese.evaluate(() => localStorage.setItem('kefu.language', 'zh-CN'))
  await chinese.reload()
  await chinese.locator('[data-testid="connection"][data-state="live"]').waitFor()
  await chinese.getByTestId('screen-reports').click()
  await expect(chinese.getByTestId('report-ticketsOpened')).toContainText('新工单')
  await expect(chinese.getByTestId('report-chart-daily').locator('canvas').first()).toBeVisible()
  await chinese.screenshot({ path: test.info().outputPath('reports-zh.png'), fullPage: true })
})

test('an agent sees the Reports screen with their own figures only; the admin can narrow by agent', async ({
  page,
}) => {
  const agent = await stack.createPerson('agent', 'Ada Own')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  await page.getByTestId('screen-reports').click()
  await expect(page.getByTestId('report-ticketsOpened')).toContainText('0')
  await expect(page.getByTestId('report-filter-username')).toHaveCount(0)
  await page.getByTestId('report-range-today').click()
  await expect(page.getByTestId('report-ticketsOpened')).toContainText('0')

  await desktop.close()
  const adminDesktop = await stack.openDesktop()
  await adminDesktop.signIn(page, ADMIN)
  await page.getByTestId('screen-reports').click()
  await expect(page.getByTestId('report-filter-username')).toBeVisible()
  await page.getByTestId('report-range-custom').click()
  await expect(page.getByTestId('report-from')).toBeVisible()
})

test('an admin sets a team’s SLA, calendar and rating question; a late reply shows on the inbox and the board', async ({
  page,
}) => {
  const agent = await stack.createPerson('agent', 'Lin Late')
  const adminToken = await stack.tokenOf(ADMIN.username, ADMIN.password)
  const team = (await stack.api(adminToken, 'POST', '/api/teams', { name: `SLA ${agent.username}` })) as {
    id: string
  }
  await stack.api(adminToken, 'PATCH', `/api/users/${agent.username}`, { teamId: team.id })

  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, ADMIN)
  await page.getByTestId('screen-admin').click()
  await page.getByTestId('admin-tab-teams').click()
  const card = page.getByTestId('team-card').filter({ hasText: `SLA ${agent.username}` })
  await card.getByTestId('sla-first').fill('5')
  await card.getByTestId('sla-first').blur()
  await expect
    .poll(async () => (await stack.relay.store.teams.get(team.id))?.sla?.firstResponseMinutes)
    .toBe(5)
  // Wall-clock targets: this test must not depend on the hour it runs at.
  await card.getByTestId('sla-business-hours').click()
  await expect
    .poll(async () => (await stack.relay.store.teams.get(team.id))?.sla?.isBusinessHours)
    .toBe(false)
  await card.getByTestId('hours-enabled').click()
  await expect(card.getByTestId('hours-zone')).toBeVisible()
  await card.getByTestId('hours-zone').fill('Asia/Shanghai')
  await card.getByTestId('hours-zone').blur()
  await card.getByTestId('hours-holidays').fill('2027-02-17, 2027-10-01')
  await card.getByTestId('hours-holidays').blur()
  await expect
    .poll(async () => (await stack.relay.store.teams.get(team.id))?.businessHours)
    .toMatchObject({ timeZone: 'Asia/Shanghai', holidays: ['2027-02-17', '2027-10-01'] })
  await card.getByTestId('rating-enabled').click()
  await expect
    .poll(async () => (await stack.relay.store.teams.get(team.id))?.satisfaction?.isEnabled)
    .toBe(true)

  // A follower has waited ten minutes on the agent: past the 5-minute target.
  const follower = stack.simulator.follower()
  const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600
  expect(
    (
      await follower.pushRaw({
        MsgType: 'text',
        Content: '还在吗？',
        MsgId: '71000000001',
        CreateTime: tenMinutesAgo,
      })
    ).status,
  ).toBe(200)
  const conversation = (await stack.relay.store.conversations.get(follower.openId))!
  await stack.api(adminToken, 'PUT', `/api/conversations/${follower.openId}/assignee`, {
    assignee: agent.username,
    version: conversation.version,
  })
  await page.getByTestId('screen-inbox').click()
  await page.getByTestId('view-all').click()
  const row = page.locator(`[data-conversation-id="${follower.openId}"]`)
  await expect(row.getByTestId('sla-pill')).toHaveAttribute('data-state', 'breached')
  await expect(row.getByTestId('sla-pill')).toContainText('late')
  await page.getByTestId('screen-board').click()
  await expect(page.getByTestId('board-sla')).toContainText('Lin Late')
})
