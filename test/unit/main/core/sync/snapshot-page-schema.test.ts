import { expect, test } from '@playwright/test'
import type { Message } from '../../../../../common/domain/message.js'
import { messageSchema } from '../../../../../main/core/sync/relay-event-schema.js'
import { parseSnapshotPage } from '../../../../../main/core/sync/snapshot-page-schema.js'

const message: Message = {
  id: 'm1',
  conversationId: 'c1',
  direction: 'incoming',
  body: { type: 'text', text: '退款' },
  status: 'sent',
  createdAt: 1_767_225_600_000,
  clientMessageId: null,
  senderUsername: null,
  isAutomatic: false,
  wechatMsgId: '24000000000000000',
  failure: null,
}

/** Each a message the relay could send, well or badly formed. */
const variants: object[] = [
  message,
  { ...message, body: { type: 'image', mediaId: 'x', extra: [1] } },
  {
    ...message,
    clientMessageId: 'c'.repeat(64),
    senderUsername: 'lin',
    isAutomatic: true,
    wechatMsgId: null,
  },
  { ...message, status: 'failed', failure: { code: 'wechat', message: 'm', isRetryable: false } },
  { ...message, failure: { code: 'wechat', message: 'm', isRetryable: false, wechatErrcode: 45015 } },
  { ...message, unknownField: 1 },
  { ...message, id: '' },
  { ...message, id: 'x'.repeat(257) },
  { ...message, conversationId: 7 },
  { ...message, direction: 'sideways' },
  { ...message, body: [] },
  { ...message, body: { type: '' } },
  { ...message, body: null },
  { ...message, status: 'lost' },
  { ...message, createdAt: -1 },
  { ...message, createdAt: '1' },
  { ...message, clientMessageId: 'c'.repeat(65) },
  { ...message, senderUsername: 3 },
  { ...message, isAutomatic: 'no' },
  { ...message, wechatMsgId: 24 },
  { ...message, failure: { code: '', message: 'm', isRetryable: false } },
  { ...message, failure: 'broken' },
  Object.fromEntries(Object.entries(message).filter(([key]) => key !== 'wechatMsgId')),
]

test('a snapshot message is taken exactly when the message schema takes it, its text kept when whole', () => {
  const texts = variants.map((variant) => JSON.stringify(variant))
  const parsed = parseSnapshotPage({ conversations: [], messages: texts })
  if (!parsed.ok) throw new Error(parsed.problem)
  const taken = [...parsed.page.messages]
  variants.forEach((variant, index) => {
    const expected = messageSchema.safeParse(variant)
    const refusal = parsed.refusals.find((candidate) => candidate.value === texts[index])
    expect(refusal === undefined, `variant ${index}`).toBe(expected.success)
    if (!expected.success) {
      expect(refusal?.problem).toMatch(new RegExp(`^snapshot messages\\.${index}\\.`))
      return
    }
    const entry = taken.shift()!
    expect(entry.message, `variant ${index}`).toEqual(expected.data)
    // Whole messages keep the relay's text; one with a field this desktop does not know is rewritten.
    expect(entry.json, `variant ${index}`).toBe(index === 5 ? JSON.stringify(message) : texts[index])
  })
  expect(taken).toEqual([])
})

test('text that is not a message object is refused, the rest of the page kept', () => {
  const parsed = parseSnapshotPage({
    conversations: [],
    messages: ['{"id":', 42, 'null', '[1,2,3,4,5,6,7,8,9,10,11]', JSON.stringify(message)],
  })
  if (!parsed.ok) throw new Error(parsed.problem)
  expect(parsed.refusals.map((refusal) => /^snapshot messages\.(\d)[.:]/.exec(refusal.problem)?.[1])).toEqual(
    ['0', '1', '2', '3'],
  )
  expect(parsed.page.messages.map((entry) => entry.json)).toEqual([JSON.stringify(message)])
})
