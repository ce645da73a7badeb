import { expect, test } from '@playwright/test'
import { startFullStack, type FullStack } from './full-stack.js'

/**
 * "Came from" in the follower panel says only what the relay knows: the QR scene of a follow it heard, a
 * search or direct follow when it heard one without a scene, and "unknown" for a follower it first saw
 * writing (their follow predates the relay).
 */

let stack: FullStack
test.beforeEach(async () => {
  stack = await startFullStack()
})
test.afterEach(async () => stack.close())

test('the follower panel names where a follower came from only once the relay knows it', async ({ page }) => {
  const writing = stack.simulator.follower()
  const searched = stack.simulator.follower()
  const scanned = stack.simulator.follower()
  expect((await writing.sendText('Hello, I followed long ago')).status).toBe(200)
  expect((await searched.follow()).status).toBe(200)
  expect((await searched.sendText('Found you by search')).status).toBe(200)
  expect((await scanned.follow('spring_campaign')).status).toBe(200)
  expect((await scanned.sendText('Saw the poster')).status).toBe(200)

  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await stack.signIn(page)
  await page.getByTestId('view-all').click()
  const origin = page.getByTestId('follower-origin')
  const expected = [
    [writing, 'unknown', 'Unknown'],
    [searched, 'search-or-direct', 'Search or direct follow'],
    [scanned, 'scene', 'spring_campaign'],
  ] as const
  for (const [follower, kind, text] of expected) {
    await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
    await expect(origin).toHaveAttribute('data-origin', kind)
    await expect(origin).toHaveText(text)
  }

  // The words come in the agent's language.
  const chinese = await page.context().newPage()
  await chinese.addInitScript(() => localStorage.setItem('kefu.language', 'zh-CN'))
  await chinese.goto(stack.shell.url)
  await chinese.getByTestId('view-all').click()
  await chinese.locator(`[data-conversation-id="${writing.openId}"]`).click()
  await expect(chinese.getByTestId('follower-origin')).toHaveText('未知')
  await chinese.locator(`[data-conversation-id="${searched.openId}"]`).click()
  await expect(chinese.getByTestId('follower-origin')).toHaveText('搜索或直接关注')
})
