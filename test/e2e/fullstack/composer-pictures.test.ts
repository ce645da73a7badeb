import { expect, test, type Page } from '@playwright/test'
import { IMAGE_LIMIT_BYTES } from '../../../common/relay/media-upload.js'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import type { SimulatedFollower } from '../../simulator/simulated-follower.js'
import { startRelayStack, type Desktop, type Person, type RelayStack } from './full-stack.js'

/**
 * Pictures from the composer, every way an agent gives one (file input, paste, drag and drop), through
 * the real desktop core to a real relay, which uploads them to the WeChat simulator and sends them.
 */

let stack: RelayStack
test.beforeAll(async () => {
  stack = await startRelayStack()
})
test.afterAll(async () => stack.close())
test.afterEach(async () => stack.closeDesktops())

/** A follower who wrote, and the agent's console open on their conversation, claimed. */
async function claimedConversation(page: Page): Promise<{ follower: SimulatedFollower; desktop: Desktop }> {
  const agent: Person = await stack.createPerson('agent', 'Ana Picture')
  const desktop = await stack.openDesktop()
  await page.addInitScript(() => localStorage.setItem('kefu.language', 'en'))
  await desktop.signIn(page, agent)
  const follower = stack.simulator.follower()
  expect((await follower.sendText('Can you show me the parcel?')).status).toBe(200)
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
  await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
  await page.getByTestId('claim').click()
  await expect(page.getByTestId('assignee')).toHaveText('Assigned to you')
  return { follower, desktop }
}

/** The pictures WeChat was asked to upload for this test, by file name and size. */
function uploadsNamed(fileName: string) {
  return stack.simulator.calls
    .filter((call) => call.endpoint === 'media/upload')
    .flatMap((call) => call.body as readonly { fileName: string | null; size: number }[])
    .filter((part) => part.fileName === fileName)
}

/** Waits for WeChat to deliver the `count`th picture to the follower; answers its media id. */
async function deliveredPicture(follower: SimulatedFollower, count: number): Promise<string> {
  await expect
    .poll(() => stack.simulator.delivered.filter((each) => each.touser === follower.openId).length)
    .toBe(count)
  const sent = stack.simulator.delivered.filter((each) => each.touser === follower.openId)
  const last = sent[count - 1]!
  expect(last.msgtype).toBe('image')
  return (last.body as { image: { media_id: string } }).image.media_id
}

/** Hands the page a File built from `bytes` (Playwright's Buffer crosses as an array of numbers). */
async function dispatchWithFile(
  page: Page,
  testId: string,
  kind: 'paste' | 'drop',
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (element, { kind, name, type, bytes }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }))
      if (kind === 'paste') {
        element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }))
        return
      }
      element.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }))
      element.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      )
      element.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      )
    },
    { kind, name: file.name, type: file.type, bytes: [...file.bytes] },
  )
}

test('a picture attached, pasted or dropped in the composer is uploaded to WeChat and sent', async ({
  page,
}) => {
  const { follower } = await claimedConversation(page)

  // Attached with the file input; a name in Chinese crosses the relay's percent-encoded header intact.
  const attached = simulatedPhotoOf('attached parcel')
  await page
    .getByTestId('image-input')
    .setInputFiles({ name: '包裹 photo.png', mimeType: 'image/png', buffer: attached })
  const attachedId = await deliveredPicture(follower, 1)
  expect(uploadsNamed('包裹 photo.png')).toEqual([expect.objectContaining({ size: attached.length })])
  // The agent's own picture shows as the picture itself (the relay kept what it uploaded), named by its file.
  const bubbleOf = (name: string) =>
    page.getByTestId('message').filter({ has: page.locator(`[data-file-name="${name}"]`) })
  await expect(bubbleOf('包裹 photo.png')).toHaveAttribute('data-status', 'sent')

  // Pasted from the clipboard.
  const pasted = simulatedPhotoOf('pasted receipt')
  await dispatchWithFile(page, 'composer-input', 'paste', {
    name: 'receipt.png',
    type: 'image/png',
    bytes: pasted,
  })
  const pastedId = await deliveredPicture(follower, 2)
  expect(uploadsNamed('receipt.png')).toEqual([expect.objectContaining({ size: pasted.length })])

  // Dragged from the desktop onto the composer.
  const dropped = simulatedPhotoOf('dropped label')
  await dispatchWithFile(page, 'composer-box', 'drop', {
    name: 'label.png',
    type: 'image/png',
    bytes: dropped,
  })
  const droppedId = await deliveredPicture(follower, 3)
  expect(uploadsNamed('label.png')).toEqual([expect.objectContaining({ size: dropped.length })])

  expect(new Set([attachedId, pastedId, droppedId]).size).toBe(3)
  await expect(bubbleOf('receipt.png')).toHaveAttribute('data-status', 'sent')
  await expect(bubbleOf('label.png')).toHaveAttribute('data-status', 'sent')
  await expect
    .poll(() =>
      bubbleOf('label.png')
        .locator('img')
        .evaluate((image: HTMLImageElement) => image.naturalWidth),
    )
    .toBeGreaterThan(0)
  // Each picture is a customer-service message and uses the window's quota.
  await expect(page.getByTestId('messages-left')).toContainText('2/5')
})

test('a picture over the relay’s limit is made smaller and sent, a GIF is refused, a file that is not media is not taken', async ({
  page,
}) => {
  const { follower } = await claimedConversation(page)
  const uploadsBefore = stack.simulator.calls.filter((call) => call.endpoint === 'media/upload').length

  // One byte over the relay's limit: the composer scales it down to a JPEG within the limit and sends it.
  const tooLarge = Buffer.concat([simulatedPhotoOf('huge'), Buffer.alloc(IMAGE_LIMIT_BYTES)])
  await page
    .getByTestId('image-input')
    .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: tooLarge })
  await deliveredPicture(follower, 1)
  const resized = uploadsNamed('huge.jpg')
  expect(resized).toHaveLength(1)
  expect(resized[0]!.size).toBeLessThanOrEqual(IMAGE_LIMIT_BYTES)

  // An animated GIF cannot be made smaller: refused with WeChat's limit, nothing leaves the desktop.
  const bigGif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(IMAGE_LIMIT_BYTES)])
  await page
    .getByTestId('image-input')
    .setInputFiles({ name: 'big.gif', mimeType: 'image/gif', buffer: bigGif })
  await expect(page.getByTestId('composer-error')).toContainText('larger than 2 MB')
  const uploadsAfterResize = uploadsBefore + 1

  // Named and typed as a PNG, but its bytes are text: the relay sniffs and refuses it in plain words.
  await dispatchWithFile(page, 'composer-input', 'paste', {
    name: 'notes.png',
    type: 'image/png',
    bytes: Buffer.from('not a picture at all'),
  })
  await expect(page.getByTestId('composer-error')).toContainText('JPEG, PNG or GIF pictures')

  // A dropped file that is not a picture is not taken.
  await dispatchWithFile(page, 'composer-box', 'drop', {
    name: 'invoice.pdf',
    type: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4'),
  })
  await expect(page.getByTestId('composer-error')).toContainText('is not a file WeChat takes')

  expect(stack.simulator.calls.filter((call) => call.endpoint === 'media/upload')).toHaveLength(
    uploadsAfterResize,
  )
  expect(stack.simulator.delivered.filter((each) => each.touser === follower.openId)).toHaveLength(1)
  await expect(
    page.getByTestId('message').filter({ hasText: /huge\.png|notes\.png|invoice\.pdf/ }),
  ).toHaveCount(0)
})
