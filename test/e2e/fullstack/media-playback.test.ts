import { expect, test, type Page } from '@playwright/test'
import type { SimulatedFollower } from '../../simulator/simulated-follower.js'
import { startRelayStack, type RelayStack } from './full-stack.js'

/**
 * What followers send, shown and played in a real browser through the real desktop core, from a relay
 * that fetched it from the WeChat simulator: pictures, a voice note (AMR turned into MP3), a video, a
 * location and a link.
 */

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

async function openConversation(page: Page, follower: SimulatedFollower): Promise<void> {
  const agent = await stack.createPerson('agent', 'Mia Media')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
  await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
}

test('a voice note plays to its end, a video plays, a picture opens whole', async ({ page }) => {
  const follower = stack.simulator.follower()
  expect((await follower.sendImage()).status).toBe(200)
  expect((await follower.sendVoice('我想退货', 2)).status).toBe(200)
  expect((await follower.sendVideo(2)).status).toBe(200)
  await openConversation(page, follower)

  const picture = page.getByTestId('picture').locator('img')
  await expect(picture).toBeVisible({ timeout: 20_000 })
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBeGreaterThan(0)
  await page.getByTestId('picture').click()
  const viewer = page.getByTestId('picture-viewer')
  await expect(viewer.locator('img')).toBeVisible()
  await expect
    .poll(() => viewer.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBe(240)
  await viewer.getByRole('button', { name: 'Zoom in' }).click()
  await expect(page.getByTestId('picture-zoom')).toHaveText('150%')
  await page.keyboard.press('Escape')

  const voice = page.getByTestId('voice')
  await expect(voice.getByText('我想退货')).toBeVisible()
  const audio = voice.locator('audio')
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.duration), { timeout: 20_000 })
    .toBeGreaterThan(1.8)
  await expect(page.getByTestId('voice-duration')).toHaveText(/0:00 \/ 0:02/)
  await voice.getByRole('button', { name: 'Play' }).click()
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.ended), { timeout: 15_000 })
    .toBe(true)

  const video = page.getByTestId('video')
  await expect(video).toBeVisible()
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.duration), { timeout: 20_000 })
    .toBeGreaterThan(1.5)
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true
    return element.play()
  })
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime))
    .toBeGreaterThan(0.3)
  await page.screenshot({ path: 'test-results/media-playback.png' })
})

test('a location shows on a GCJ-02 map with links to Amap and Tencent Maps; a link is a card', async ({
  page,
}) => {
  const follower = stack.simulator.follower()
  expect(
    (
      await follower.sendLocation({
        latitude: 39.908823,
        longitude: 116.39747,
        scale: 15,
        label: '北京市东城区天安门',
      })
    ).status,
  ).toBe(200)
  expect(
    (
      await follower.sendLink({
        title: '退货政策',
        description: '七天无理由',
        url: 'https://shop.example.cn/returns',
      })
    ).status,
  ).toBe(200)
  await openConversation(page, follower)
  const location = page.getByTestId('location')
  await expect(location.getByText('北京市东城区天安门')).toBeVisible()
  await expect(location.getByRole('link', { name: 'Open in Amap' })).toHaveAttribute(
    'href',
    /uri\.amap\.com\/marker\?position=116\.39747%2C39\.908823.*coordinate=gaode/,
  )
  await expect(location.getByRole('link', { name: 'Open in Tencent Maps' })).toHaveAttribute(
    'href',
    /apis\.map\.qq\.com\/uri\/v1\/marker\?marker=coord%3A39\.908823%2C116\.39747/,
  )
  await expect(page.getByText('shop.example.cn', { exact: true })).toBeVisible()
})
