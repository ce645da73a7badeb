import { expect, test } from '@playwright/test'
import { refusalOfCustomSend, refusalOfTemplate, refusalOfTyping } from '../../simulator/simulator-bodies.js'

test('custom/send bodies are checked strictly against §3.2', () => {
  const text = { touser: 'o1', msgtype: 'text', text: { content: 'hi' } }
  expect(refusalOfCustomSend(text)).toBeNull()
  expect(refusalOfCustomSend({ ...text, customservice: { kf_account: 'a@b' } })).toBeNull()
  expect(refusalOfCustomSend({ ...text, extra: 1 })?.errcode).toBe(47001)
  expect(refusalOfCustomSend({ touser: 'o1', msgtype: 'text', text: { body: 'hi' } })?.errcode).toBe(47001)
  expect(refusalOfCustomSend({ touser: 'o1', msgtype: 'sticker', sticker: {} })?.errcode).toBe(40008)
  expect(
    refusalOfCustomSend({ touser: 'o1', msgtype: 'text', text: { content: 'é'.repeat(1025) } })?.errcode,
  ).toBe(45002)
  const article = { title: 't', description: 'd', url: 'u', picurl: 'p' }
  expect(refusalOfCustomSend({ touser: 'o1', msgtype: 'news', news: { articles: [article] } })).toBeNull()
  expect(
    refusalOfCustomSend({ touser: 'o1', msgtype: 'news', news: { articles: [article, article] } })?.errcode,
  ).toBe(45008)
  expect(refusalOfCustomSend({ touser: 'o1', msgtype: 'image', image: { mediaId: 'x' } })?.errcode).toBe(
    47001,
  )
  expect(refusalOfCustomSend('{}')?.errcode).toBe(44002)
})

test('typing and template bodies are checked strictly against §3.3 and §3.5', () => {
  expect(refusalOfTyping({ touser: 'o1', command: 'Typing' })).toBeNull()
  expect(refusalOfTyping({ touser: 'o1', command: 'typing' })?.errcode).toBe(45072)
  const template = { touser: 'o1', template_id: 't', client_msg_id: 'c', data: { k: { value: 'v' } } }
  expect(refusalOfTemplate(template)).toBeNull()
  expect(refusalOfTemplate({ ...template, data: { k: 'v' } })?.errcode).toBe(47001)
  expect(refusalOfTemplate({ ...template, first: {} })?.errcode).toBe(47001)
})
