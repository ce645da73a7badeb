import { expect, test } from '@playwright/test'
import { linkify, safeHref } from '../../../../renderer/src/text/linkify.js'
import { replaceWechatEmoji } from '../../../../renderer/src/text/wechat-emoji.js'

test('only http and https become links; trailing punctuation stays text', () => {
  expect(linkify('see https://example.com/a?b=1, or javascript:alert(1)')).toEqual([
    { kind: 'text', text: 'see ' },
    { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
    { kind: 'text', text: ', or javascript:alert(1)' },
  ])
  expect(safeHref('javascript:alert(1)')).toBeNull()
  expect(safeHref('data:text/html,<script>')).toBeNull()
  expect(linkify('<img src=x onerror=alert(1)>')).toEqual([
    { kind: 'text', text: '<img src=x onerror=alert(1)>' },
  ])
})

test('a link stops at Chinese punctuation', () => {
  expect(linkify('订单：https://shop.example.com/o/1。谢谢')).toEqual([
    { kind: 'text', text: '订单：' },
    { kind: 'link', text: 'https://shop.example.com/o/1', href: 'https://shop.example.com/o/1' },
    { kind: 'text', text: '。谢谢' },
  ])
})

test('WeChat emoticon codes become emoji; other brackets stay', () => {
  expect(replaceWechatEmoji('好的[微笑] /::) [不存在]')).toBe('好的🙂 🙂 [不存在]')
})
