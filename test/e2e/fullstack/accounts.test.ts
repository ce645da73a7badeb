import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { ADMIN, startRelayStack, type Person, type RelayStack } from './full-stack.js'

/**
 * One relay, two official accounts: the `WECHAT_*` one (`default`) and one from the accounts file, each
 * with its own WeChat. The console names each row's account and filters the inbox, and views count
 * per account.
 */

let stack: RelayStack
let region: WeChatSimulator
let dir: string
test.beforeAll(async () => {
  region = await startWeChatSimulator({
    appId: 'wx00000000000000b2',
    appSecret: 'region-secret-0123456789',
    webhookToken: 'regionToken',
    encodingAesKey: 'R'.repeat(43),
  })
  dir = mkdtempSync(join(tmpdir(), 'kefu-e2e-accounts-'))
  const accountsFile = join(dir, 'accounts.json')
  writeFileSync(
    accountsFile,
    JSON.stringify([
      {
        key: 'region',
        name: '华东服务号',
        appId: region.appId,
        appSecret: region.appSecret,
        token: region.webhookToken,
        encodingAESKey: region.encodingAesKey,
        apiBase: region.apiBase,
        messageQuota: 2,
      },
    ]),
  )
  stack = await startRelayStack({
    RELAY_ACCOUNTS_FILE: accountsFile,
    WECHAT_ACCOUNT_NAME: '品牌服务号',
    RELAY_SECRET_KEY: 'the e2e relay secret key, thirty-two characters or more',
  })
  region.setRelayUrl(`${stack.relay.url}/wechat/region`)
})
test.afterAll(async () => {
  await stack.close()
  await region.close()
  rmSync(dir, { recursive: true, force: true })
})
test.afterEach(async () => stack.closeDesktops())

async function openConsole(page: Page, person?: Person): Promise<void> {
  const user = person ?? (await stack.createPerson('agent', 'Ada Accounts'))
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, user)
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
}

test('each row names its account, and the account filter narrows the inbox and its counts', async ({
  page,
}) => {
  await openConsole(page)
  const brandFollower = stack.simulator.follower()
  const regionFollower = region.follower()
  // One person following both accounts: the open platform ties the two openids with one unionid.
  stack.simulator.setUnionId(brandFollower.openId, 'oUnionE2ePerson000000000001')
  region.setUnionId(regionFollower.openId, 'oUnionE2ePerson000000000001')
  expect((await brandFollower.sendText('品牌：快递到哪了？')).status).toBe(200)
  expect((await regionFollower.sendText('华东：发票怎么开？')).status).toBe(200)

  const brandRow = page.locator(`[data-conversation-id="${brandFollower.openId}"]`)
  const regionRow = page.locator(`[data-conversation-id="region:${regionFollower.openId}"]`)
  await expect(brandRow.getByTestId('row-account')).toHaveText('品牌服务号')
  await expect(regionRow.getByTestId('row-account')).toHaveText('华东服务号')
  await expect(page.getByTestId('view-all')).toContainText('2')
  // Each account's own quota: the region account answers twice per window, the other five times.
  await expect(regionRow.getByTestId('countdown')).toContainText('2/2')
  await expect(brandRow.getByTestId('countdown')).toContainText('5/5')

  await page.getByTestId('account-filter-region').click()
  await expect(regionRow).toBeVisible()
  await expect(brandRow).toHaveCount(0)
  await expect(page.getByTestId('view-all')).toContainText('1')
  await page.screenshot({ path: 'test-results/accounts-filter.png' })

  // Answered from the console, the region follower hears it through the region account's WeChat.
  await regionRow.click()
  await page.getByTestId('claim').click()
  const input = page.getByTestId('composer-input')
  await input.fill('您好，发票在订单页申请。')
  await input.press('Enter')
  await region.waitForDelivery((message) => message.touser === regionFollower.openId)
  expect(
    stack.simulator.delivered.filter((message) => message.touser === regionFollower.openId),
  ).toHaveLength(0)

  await page.getByTestId('account-filter-any').click()
  await expect(brandRow).toBeVisible()

  // The follower panel links the same person's conversation in the other account.
  await brandRow.click()
  const linked = page.getByTestId('linked-conversation')
  await expect(linked).toContainText('华东服务号')
  await linked.click()
  await expect(page.getByTestId('conversation-name')).toHaveText(
    `${regionFollower.openId.slice(0, 4)}…${regionFollower.openId.slice(-4)}`,
  )
  await page.screenshot({ path: 'test-results/accounts-linked.png' })

  // A tag for the region account is offered in its conversations only.
  const admin = await stack.tokenOf(ADMIN.username, ADMIN.password)
  const created = await fetch(`${stack.relay.url}/api/tags`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '华东专用', color: '#1971c2', accountKeys: ['region'] }),
  })
  expect(created.status).toBe(201)
  await brandRow.click()
  await page.getByTestId('tag-add').click()
  await expect(page.locator('.tag-menu')).not.toContainText('华东专用')
  await page.getByTestId('tag-add').click()
  await regionRow.click()
  await page.getByTestId('tag-add').click()
  await expect(page.locator('.tag-menu')).toContainText('华东专用')
})

test('an admin adds an account in the console: its secrets are never shown, and its followers reach the inbox under its name', async ({
  page,
}) => {
  const east = await startWeChatSimulator({
    appId: 'wx00000000000000e5',
    appSecret: 'east-secret-0123456789',
    webhookToken: 'eastToken',
    encodingAesKey: 'E'.repeat(43),
  })
  try {
    await openConsole(page, ADMIN)
    await page.getByTestId('screen-admin').click()
    await page.getByTestId('admin-tab-accounts').click()
    const rows = page.getByTestId('account-row')
    // The configuration's accounts are listed, read-only.
    await expect(rows).toHaveCount(2)
    await expect(page.locator('[data-account-key="region"]')).toContainText("The relay's configuration")
    const form = page.getByTestId('create-account')
    await form.getByTestId('new-account-key').fill('east')
    await form.getByTestId('new-account-name').fill('华南服务号')
    await form.getByTestId('new-account-appId').fill(east.appId)
    await form.getByTestId('new-account-appSecret').fill(east.appSecret)
    await form.getByTestId('new-account-token').fill(east.webhookToken)
    await form.getByTestId('new-account-encodingAESKey').fill(east.encodingAesKey!)
    await form.getByTestId('new-account-messageQuota').fill('2')
    await form.getByTestId('create-account-submit').click()
    const added = page.locator('[data-account-key="east"]')
    await expect(added).toContainText('/wechat/east')
    await expect(added).toContainText('Safe mode')
    await expect(added).toContainText('2 replies after a message, 3 after an event')
    await expect(page.getByTestId('admin-accounts')).not.toContainText(east.appSecret)
    await expect(form.getByTestId('new-account-appSecret')).toHaveValue('')
    await page.screenshot({ path: 'test-results/accounts-admin.png' })

    east.setRelayUrl(`${stack.relay.url}/wechat/east`)
    const follower = east.follower()
    expect((await follower.sendText('华南：新号开通了吗？')).status).toBe(200)
    await page.getByTestId('screen-inbox').click()
    await page.getByTestId('view-all').click()
    const row = page.locator(`[data-conversation-id="east:${follower.openId}"]`)
    await expect(row.getByTestId('row-account')).toHaveText('华南服务号')
    await expect(page.getByTestId('account-filter-east')).toBeVisible()

    // Disabled, it is no longer served: its followers' pushes are refused and stored nowhere.
    await page.getByTestId('screen-admin').click()
    await page.getByTestId('admin-tab-accounts').click()
    // The switch's box is drawn by its label: a person clicks the label.
    await page.locator('[data-account-key="east"] .switch').click()
    await expect(page.locator('[data-account-key="east"]').getByTestId('account-enabled')).not.toBeChecked()
    expect((await follower.sendText('还在吗')).status).toBe(404)
  } finally {
    await east.close()
  }
})
