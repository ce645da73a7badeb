import { expect, test, type Page } from '@playwright/test'
import type { SimulatedFollower } from '../../simulator/simulated-follower.js'
import { sampleMp3Of, sampleVideoOf } from '../../simulator/sample-media.js'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { startRelayStack, type RelayStack } from './full-stack.js'

/**
 * Voice notes, videos and cards from the composer, through the real desktop core and relay to the WeChat
 * simulator, each shown in the thread as what was sent.
 */

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

async function claimedConversation(page: Page): Promise<SimulatedFollower> {
  const agent = await stack.createPerson('agent', 'Vic Voice')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  const follower = stack.simulator.follower()
  expect((await follower.sendText('能发个视频教程吗？')).status).toBe(200)
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
  await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to you')
  return follower
}

const deliveredTo = (follower: SimulatedFollower) =>
  stack.simulator.delivered.filter((message) => message.touser === follower.openId)

test('an agent sends a voice note, a video with its title and an article card; each plays or shows in the thread', async ({
  page,
}) => {
  const follower = await claimedConversation(page)

  await page
    .getByTestId('image-input')
    .setInputFiles({ name: '回复.mp3', mimeType: 'audio/mpeg', buffer: await sampleMp3Of(2) })
  await expect.poll(() => deliveredTo(follower).length, { timeout: 20_000 }).toBe(1)
  expect(deliveredTo(follower)[0]!.msgtype).toBe('voice')
  const sentVoice = page.locator('.message--outgoing').getByTestId('voice')
  await expect
    .poll(() => sentVoice.locator('audio').evaluate((audio: HTMLAudioElement) => audio.duration), {
      timeout: 20_000,
    })
    .toBeGreaterThan(1.5)

  await page
    .getByTestId('image-input')
    .setInputFiles({ name: 'install.mp4', mimeType: 'video/mp4', buffer: await sampleVideoOf(2) })
  await page.getByTestId('video-title').fill('安装教程')
  await page.getByTestId('video-description').fill('两分钟')
  await page.getByTestId('video-send').click()
  await expect.poll(() => deliveredTo(follower).length, { timeout: 20_000 }).toBe(2)
  const video = deliveredTo(follower)[1]!.body as { video: Record<string, string> }
  expect(video.video).toMatchObject({ title: '安装教程', description: '两分钟' })
  expect(video.video['thumb_media_id']).toEqual(expect.any(String))
  await expect(page.locator('.message--outgoing').getByTestId('video')).toBeVisible()

  await page.getByTestId('card-button').click()
  await page.getByTestId('card-title').fill('退货政策')
  await page.getByTestId('card-url').fill('not a link')
  await page.getByTestId('card-send').click()
  await expect(page.getByTestId('dialog-error')).toContainText('web address')
  await page.getByTestId('card-url').fill('https://shop.example.cn/returns')
  await page.getByTestId('card-description').fill('七天无理由退货')
  await page.getByTestId('card-picture-url').fill('https://shop.example.cn/returns.jpg')
  await expect(page.getByTestId('card-preview')).toContainText('shop.example.cn')
  await page.getByTestId('card-send').click()
  await expect.poll(() => deliveredTo(follower).length).toBe(3)
  expect(deliveredTo(follower)[2]!.body).toEqual({
    touser: follower.openId,
    msgtype: 'news',
    news: {
      articles: [
        {
          title: '退货政策',
          description: '七天无理由退货',
          url: 'https://shop.example.cn/returns',
          picurl: 'https://shop.example.cn/returns.jpg',
        },
      ],
    },
  })
  await expect(page.getByTestId('messages-left')).toContainText('2/5')
})

test('card replies made in settings send an article card and a mini-program card with its picture as thumbnail', async ({
  page,
}) => {
  const follower = await claimedConversation(page)
  await page.getByTestId('open-settings').click()
  await page.getByTestId('canned-code').fill('returns')
  await page.getByTestId('canned-body').fill('七天无理由退货')
  await page.getByTestId('canned-card-kind').selectOption('news')
  await page.getByTestId('canned-card-title').fill('退货政策')
  await page.getByTestId('canned-card-url').fill('https://shop.example.cn/returns')
  await page.getByTestId('canned-card-picture-url').fill('https://shop.example.cn/returns.jpg')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned').getByTestId('canned-card')).toContainText('退货政策')

  // A mini-program card without its picture is refused by the relay, in plain words.
  await page.getByTestId('canned-code').fill('mall')
  await page.getByTestId('canned-body').fill('Our mall')
  await page.getByTestId('canned-card-kind').selectOption('miniprogrampage')
  await page.getByTestId('canned-card-title').fill('官方商城')
  await page.getByTestId('canned-card-appid').fill('wx0123456789abcdef')
  await page.getByTestId('canned-card-path').fill('pages/index/index')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned')).toContainText('needs its picture')
  await page
    .getByTestId('canned-picture-input')
    .setInputFiles({ name: 'mall.png', mimeType: 'image/png', buffer: simulatedPhotoOf('mall card') })
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByTestId('settings-canned').getByTestId('canned-card')).toHaveCount(2)
  await page.getByTestId('settings').getByRole('button', { name: 'Close' }).click()

  const input = page.getByTestId('composer-input')
  await input.click()
  await input.pressSequentially('/returns')
  await page.getByTestId('canned-option').first().click()
  await expect.poll(() => deliveredTo(follower).length).toBe(1)
  expect(deliveredTo(follower)[0]!.body).toEqual({
    touser: follower.openId,
    msgtype: 'news',
    news: {
      articles: [
        {
          title: '退货政策',
          description: '七天无理由退货',
          url: 'https://shop.example.cn/returns',
          picurl: 'https://shop.example.cn/returns.jpg',
        },
      ],
    },
  })

  await input.click()
  await input.pressSequentially('/mall')
  await page.getByTestId('canned-option').first().click()
  await expect.poll(() => deliveredTo(follower).length).toBe(2)
  const mini = deliveredTo(follower)[1]!.body as { miniprogrampage: Record<string, string> }
  expect(mini.miniprogrampage).toMatchObject({
    title: '官方商城',
    appid: 'wx0123456789abcdef',
    pagepath: 'pages/index/index',
  })
  const thumbUpload = stack.simulator.calls.find(
    (call) =>
      call.endpoint === 'media/upload' &&
      (call.answer as { media_id?: string }).media_id === mini.miniprogrampage['thumb_media_id'],
  )
  expect(thumbUpload?.query['type']).toBe('image')
})
