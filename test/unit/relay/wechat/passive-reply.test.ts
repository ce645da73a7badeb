import { expect, test } from '@playwright/test'
import { passiveReply } from '../../../../relay/wechat/passive-reply.js'
import { readPushBody } from '../../../../relay/wechat/push-parser.js'

const push = { openId: 'oFollower', accountId: 'gh_kefu' }

test('text reply: To/From swapped, CreateTime in seconds', () => {
  const xml = passiveReply(push, '您好\n稍等 ]]> 马上来', { nowMs: 1_714_112_445_999 })
  expect(xml).toBe(
    '<xml><ToUserName><![CDATA[oFollower]]></ToUserName><FromUserName><![CDATA[gh_kefu]]></FromUserName>' +
      '<CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
      '<Content><![CDATA[您好\n稍等 ]]]]><![CDATA[> 马上来]]></Content></xml>',
  )
  expect(readPushBody(xml).fields).toEqual({
    ToUserName: 'oFollower',
    FromUserName: 'gh_kefu',
    CreateTime: '1714112445',
    MsgType: 'text',
    Content: '您好\n稍等 ]]> 马上来',
  })
})

test('JSON-format accounts get the same reply as JSON', () => {
  const json = passiveReply(push, 'hi', { nowMs: 1_714_112_445_000, format: 'json' })
  expect(JSON.parse(json)).toEqual({
    ToUserName: 'oFollower',
    FromUserName: 'gh_kefu',
    CreateTime: 1714112445,
    MsgType: 'text',
    Content: 'hi',
  })
})

test('CreateTime defaults to now, in seconds', () => {
  const before = Math.floor(Date.now() / 1000)
  const createTime = Number(readPushBody(passiveReply(push, 'x')).fields['CreateTime'])
  expect(createTime).toBeGreaterThanOrEqual(before)
  expect(createTime).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
})
