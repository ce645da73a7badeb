import { expect, test } from '@playwright/test'
import type { MessageBody } from '../../../common/domain/message.js'
import {
  LABELLED_MESSAGE_KINDS,
  messageTextOf,
  messageWordsOf,
  plainTextOf,
  type MessageKindLabel,
} from '../../../common/domain/message-text.js'

/** Labels that show which kind was asked for, so a test sees the label was used and for what. */
const labelOf: MessageKindLabel = (kind) => `<${kind}>`

test('text and notes are their words alone, with no label', () => {
  expect(messageTextOf({ type: 'text', text: 'where is my parcel?' }, labelOf)).toBe('where is my parcel?')
  expect(messageTextOf({ type: 'note', text: 'called back', isHandover: true }, labelOf)).toBe('called back')
})

test('every other kind is its label, then its words when it has any', () => {
  const cases: readonly (readonly [MessageBody, string])[] = [
    [{ type: 'image', mediaId: 'm', picUrl: 'http://pic' }, '[<image>]'],
    [{ type: 'voice', mediaId: 'm', format: 'amr', recognition: '改地址' }, '[<voice>] 改地址'],
    [{ type: 'voice', mediaId: 'm', format: 'amr' }, '[<voice>]'],
    [{ type: 'video', mediaId: 'm', thumbMediaId: 't' }, '[<video>]'],
    [{ type: 'shortvideo', mediaId: 'm', thumbMediaId: 't' }, '[<shortvideo>]'],
    [
      { type: 'location', latitude: 31.2, longitude: 121.5, scale: 15, label: '上海市黄浦区' },
      '[<location>] 上海市黄浦区',
    ],
    [
      { type: 'link', title: 'Order 42', description: 'shipped', url: 'http://x' },
      '[<link>] Order 42 shipped',
    ],
    [
      { type: 'news', title: 'Spring sale', description: '', url: 'http://x', pictureUrl: 'http://p' },
      '[<news>] Spring sale',
    ],
    [
      { type: 'miniprogrampage', title: 'Shop', appId: 'wx1', pagePath: 'p', thumbMediaId: 't' },
      '[<miniprogrampage>] Shop',
    ],
    [
      {
        type: 'template',
        templateId: 'tpl',
        data: { first: { value: 'Your order' }, last: { value: 'shipped' } },
      },
      '[<template>] Your order shipped',
    ],
    [{ type: 'event', event: 'subscribe' }, '[<event>] subscribe'],
    [{ type: 'unknown', msgType: 'card' }, '[<unknown>] card'],
  ]
  for (const [body, expected] of cases) expect(messageTextOf(body, labelOf), body.type).toBe(expected)
})

test('the words of a message carry no label, so search finds what was written and not the kind', () => {
  expect(messageWordsOf({ type: 'image', mediaId: 'm', picUrl: 'http://pic' })).toBe('')
  expect(messageWordsOf({ type: 'link', title: 'Order 42', description: 'shipped', url: 'http://x' })).toBe(
    'Order 42 shipped',
  )
  expect(
    messageWordsOf({ type: 'template', templateId: 'tpl', data: { a: { value: '' }, b: { value: 'due' } } }),
  ).toBe('due')
})

test('a preview from the relay, kind and words apart, reads as the body it came from', () => {
  const body: MessageBody = { type: 'voice', mediaId: 'm', format: 'amr', recognition: 'hello' }
  expect(plainTextOf(body.type, messageWordsOf(body), labelOf)).toBe(messageTextOf(body, labelOf))
  // A kind this code does not know (a newer relay) shows its words rather than a label it has not got.
  expect(plainTextOf('sticker', 'hi', labelOf)).toBe('hi')
  expect(LABELLED_MESSAGE_KINDS).not.toContain('text')
})
