import { expect, test } from '@playwright/test'
import { dedupeKeyOf, type InboundPush } from '../../../../common/domain/inbound.js'
import {
  buildPushXml,
  parsePush,
  readPushBody,
  type PushXmlFields,
} from '../../../../relay/wechat/push-parser.js'
import { WebhookRejection, type WebhookRejectionReason } from '../../../../relay/wechat/webhook-rejection.js'
import { MINI_PROGRAM_PLAINTEXT, SAMPLE } from './official-vectors.js'

const header = { ToUserName: 'gh_10f6c3c3ac5a', FromUserName: 'oFollower', CreateTime: 1714037059 }

function pushFrom(fields: PushXmlFields): InboundPush {
  return parsePush(buildPushXml({ ...header, ...fields }))
}

function eventFrom(fields: PushXmlFields): unknown {
  const push = pushFrom({ MsgType: 'event', ...fields })
  expect(push.kind).toBe('event')
  return push.body
}

function messageFrom(fields: PushXmlFields): unknown {
  const push = pushFrom({ MsgId: 6054768590064713728n, ...fields })
  expect(push.kind).toBe('message')
  return push.body
}

function rejectionOf(action: () => unknown): WebhookRejectionReason | 'no rejection' {
  try {
    action()
  } catch (error) {
    if (error instanceof WebhookRejection) return error.reason
    throw error
  }
  return 'no rejection'
}

test('vector 1 plaintext: a text message, MsgId kept as a string past 2^53', () => {
  const push = parsePush(Buffer.from(SAMPLE.plaintextXml))
  expect(push).toMatchObject({
    kind: 'message',
    msgId: '6054768590064713728',
    accountId: 'gh_10f6c3c3ac5a',
    openId: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
    createTime: 1409735668,
    body: { type: 'text', text: 'abcdteT' },
  })
  expect(push.raw['MsgId']).toBe('6054768590064713728')
  expect(dedupeKeyOf(push)).toBe('m:6054768590064713728')
})

test('every normal message type of §2.2', () => {
  expect(messageFrom({ MsgType: 'text', Content: 'menu pick', bizmsgmenuid: '101' })).toEqual({
    type: 'text',
    text: 'menu pick',
    menuId: '101',
  })
  expect(messageFrom({ MsgType: 'image', PicUrl: 'https://mmbiz/p.jpg', MediaId: 'm1' })).toEqual({
    type: 'image',
    mediaId: 'm1',
    picUrl: 'https://mmbiz/p.jpg',
  })
  expect(
    messageFrom({ MsgType: 'voice', MediaId: 'v1', Format: 'amr', Recognition: '腾讯微信团队' }),
  ).toEqual({
    type: 'voice',
    mediaId: 'v1',
    format: 'amr',
    recognition: '腾讯微信团队',
  })
  expect(messageFrom({ MsgType: 'video', MediaId: 'v2', ThumbMediaId: 't2' })).toEqual({
    type: 'video',
    mediaId: 'v2',
    thumbMediaId: 't2',
  })
  expect(messageFrom({ MsgType: 'shortvideo', MediaId: 'v3', ThumbMediaId: 't3' })).toEqual({
    type: 'shortvideo',
    mediaId: 'v3',
    thumbMediaId: 't3',
  })
  expect(
    messageFrom({
      MsgType: 'location',
      Location_X: 23.134521,
      Location_Y: 113.358803,
      Scale: 20,
      Label: '位置信息',
    }),
  ).toEqual({ type: 'location', latitude: 23.134521, longitude: 113.358803, scale: 20, label: '位置信息' })
  expect(
    messageFrom({ MsgType: 'link', Title: 'T', Description: 'D', Url: 'https://example.com/a' }),
  ).toEqual({
    type: 'link',
    title: 'T',
    description: 'D',
    url: 'https://example.com/a',
  })
})

test('MsgID spelling is accepted for messages; plain-text (no CDATA) elements parse too', () => {
  const push = parsePush(
    '<xml><ToUserName>gh_1</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1348831860</CreateTime>' +
      '<MsgType>voice</MsgType><MediaId>media</MediaId><Format>speex</Format><MsgID>1234567890123456</MsgID></xml>',
  )
  expect(push).toMatchObject({
    kind: 'message',
    msgId: '1234567890123456',
    body: { type: 'voice', format: 'speex' },
  })
  expect(push.kind === 'message' && push.body.type === 'voice' && 'recognition' in push.body).toBe(false)
})

test('an unknown message type keeps everything in raw', () => {
  const push = pushFrom({ MsgType: 'miniprogrampage', MsgId: 42n, Title: 't', PagePath: 'pages/a' })
  expect(push).toMatchObject({
    kind: 'message',
    msgId: '42',
    body: { type: 'unknown', msgType: 'miniprogrampage' },
  })
  expect(push.raw).toMatchObject({ Title: 't', PagePath: 'pages/a', MsgType: 'miniprogrampage' })
})

test('subscribe: plain, and via parametric QR with qrscene_ stripped', () => {
  expect(eventFrom({ Event: 'subscribe', EventKey: '' })).toEqual({ event: 'subscribe' })
  expect(eventFrom({ Event: 'subscribe', EventKey: 'qrscene_123123', Ticket: 'TICKET' })).toEqual({
    event: 'subscribe',
    qrScene: '123123',
    ticket: 'TICKET',
  })
  expect(eventFrom({ Event: 'unsubscribe' })).toEqual({ event: 'unsubscribe' })
})

test('upper-case events are normalised: SCAN, LOCATION, CLICK, VIEW', () => {
  expect(eventFrom({ Event: 'SCAN', EventKey: '123123', Ticket: 'TICKET' })).toEqual({
    event: 'scan',
    scene: '123123',
    ticket: 'TICKET',
  })
  expect(
    eventFrom({ Event: 'LOCATION', Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' }),
  ).toEqual({ event: 'location', latitude: 23.137466, longitude: 113.352425, precision: 119.38504 })
  expect(eventFrom({ Event: 'CLICK', EventKey: 'EVENTKEY' })).toEqual({ event: 'click', key: 'EVENTKEY' })
  expect(eventFrom({ Event: 'VIEW', EventKey: 'https://www.qq.com/', MenuId: 'MENUID' })).toEqual({
    event: 'view',
    url: 'https://www.qq.com/',
    menuId: 'MENUID',
  })
  expect(eventFrom({ Event: 'view_miniprogram', EventKey: 'pages/index/index', MenuId: '7' })).toEqual({
    event: 'view_miniprogram',
    path: 'pages/index/index',
    menuId: '7',
  })
})

test('menu events with nested elements', () => {
  expect(
    eventFrom({
      Event: 'scancode_waitmsg',
      EventKey: '6',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '2' },
    }),
  ).toEqual({ event: 'scancode_waitmsg', key: '6', scanType: 'qrcode', scanResult: '2' })
  expect(
    eventFrom({
      Event: 'scancode_push',
      EventKey: '6',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' },
    }),
  ).toMatchObject({ event: 'scancode_push', scanResult: '1' })
  expect(
    eventFrom({
      Event: 'pic_photo_or_album',
      EventKey: '6',
      SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'aaa' }, { PicMd5Sum: 'bbb' }] } },
    }),
  ).toEqual({ event: 'pic_photo_or_album', key: '6', count: 2, pictureMd5s: ['aaa', 'bbb'] })
  expect(
    eventFrom({
      Event: 'pic_sysphoto',
      EventKey: '6',
      SendPicsInfo: { Count: 1, PicList: { item: { PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' } } },
    }),
  ).toEqual({ event: 'pic_sysphoto', key: '6', count: 1, pictureMd5s: ['1b5f7c23b5bf75682a53e7b6d163e185'] })
  expect(
    eventFrom({
      Event: 'location_select',
      EventKey: '6',
      SendLocationInfo: {
        Location_X: '23',
        Location_Y: '113',
        Scale: '15',
        Label: '广州市海珠区',
        Poiname: '',
      },
    }),
  ).toEqual({
    event: 'location_select',
    key: '6',
    latitude: 23,
    longitude: 113,
    scale: 15,
    label: '广州市海珠区',
    poiName: '',
  })
})

test('customer-service session events (official test XML)', () => {
  const create = parsePush(
    '<xml><ToUserName><![CDATA[touser]]></ToUserName><FromUserName><![CDATA[fromuser]]></FromUserName><CreateTime>1399197672</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_create_session]]></Event><KfAccount><![CDATA[test1@test]]></KfAccount></xml>',
  )
  expect(create.body).toEqual({ event: 'kf_create_session', kfAccount: 'test1@test' })
  expect(eventFrom({ Event: 'kf_close_session', KfAccount: 'test1@test' })).toEqual({
    event: 'kf_close_session',
    kfAccount: 'test1@test',
  })
  expect(
    eventFrom({ Event: 'kf_switch_session', FromKfAccount: 'test1@test', ToKfAccount: 'test2@test' }),
  ).toEqual({
    event: 'kf_switch_session',
    fromKfAccount: 'test1@test',
    toKfAccount: 'test2@test',
  })
})

test('TEMPLATESENDJOBFINISH: MsgID is the job id, status verbatim', () => {
  expect(
    eventFrom({ Event: 'TEMPLATESENDJOBFINISH', MsgID: 200163836n, Status: 'failed: system failed' }),
  ).toEqual({
    event: 'template_send_job_finish',
    jobId: '200163836',
    status: 'failed: system failed',
  })
})

test('unknown events keep their name, key and every element', () => {
  const push = pushFrom({
    MsgType: 'event',
    Event: 'MASSSENDJOBFINISH',
    MsgID: 1000001625n,
    Status: 'err(30003)',
    TotalCount: 0,
  })
  expect(push.body).toEqual({ event: 'unknown', name: 'MASSSENDJOBFINISH' })
  expect(push.raw).toMatchObject({ MsgID: '1000001625', Status: 'err(30003)', TotalCount: '0' })
  expect(dedupeKeyOf(push)).toBe('e:oFollower:1714037059:MASSSENDJOBFINISH::1000001625')
  const nested = pushFrom({
    MsgType: 'event',
    Event: 'subscribe_msg_popup_event',
    EventKey: 'k',
    List: { A: 'b' },
  })
  expect(nested.body).toEqual({ event: 'unknown', name: 'subscribe_msg_popup_event', key: 'k' })
  expect(JSON.parse(String(nested.raw['List']))).toEqual({ A: 'b' })
})

test('two job reports of one follower in the same second keep distinct keys; a retry keeps its own', () => {
  const report = (jobId: bigint) =>
    pushFrom({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: jobId, Status: 'success' })
  expect(dedupeKeyOf(report(200163836n))).not.toBe(dedupeKeyOf(report(200163837n)))
  expect(dedupeKeyOf(report(200163836n))).toBe(dedupeKeyOf(report(200163836n)))
  expect(dedupeKeyOf(report(200163836n))).toBe('e:oFollower:1714037059:TEMPLATESENDJOBFINISH::200163836')
})

test('two events of one follower in the same second keep distinct dedupe keys', () => {
  const subscribe = pushFrom({ MsgType: 'event', Event: 'subscribe', EventKey: '' })
  const location = pushFrom({ MsgType: 'event', Event: 'LOCATION', Latitude: 1, Longitude: 2, Precision: 3 })
  expect(dedupeKeyOf(subscribe)).not.toBe(dedupeKeyOf(location))
})

test('JSON pushes: the official plaintext example, and big numbers keep their digits', () => {
  const push = parsePush(Buffer.from(MINI_PROGRAM_PLAINTEXT.body), 'application/json')
  expect(push).toMatchObject({
    kind: 'event',
    accountId: 'gh_97417a04a28d',
    openId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
    createTime: 1714037059,
    body: { event: 'unknown', name: 'debug_demo' },
  })
  expect(push.raw['debug_str']).toBe('hello world')
  const text = parsePush(
    '{"ToUserName":"gh_1","FromUserName":"o1","CreateTime":1714037059,"MsgType":"text",' +
      '"Content":"say \\"9007199254740993\\" -1","MsgId":9007199254740993,"Extra":{"n":[1.5,-2e3,true,null]}}',
  )
  expect(text).toMatchObject({
    kind: 'message',
    msgId: '9007199254740993',
    body: { text: 'say "9007199254740993" -1' },
  })
  expect(JSON.parse(String(text.raw['Extra']))).toEqual({ n: ['1.5', '-2e3', 'true', ''] })
  // Sniffed without a Content-Type, and an opaque mini-program style MsgId.
  const opaque = parsePush(
    ' \n{"FromUserName":"o","CreateTime":"1","MsgType":"text","Content":"测试","MsgId":"49d7_1555684067"}',
  )
  expect(opaque).toMatchObject({ msgId: '49d7_1555684067', body: { type: 'text', text: '测试' } })
})

test('JSON pushes with nested menu elements (PicList as an array)', () => {
  const push = parsePush(
    JSON.stringify({
      FromUserName: 'o',
      CreateTime: 1,
      MsgType: 'event',
      Event: 'pic_weixin',
      EventKey: 'k',
      SendPicsInfo: { Count: 2, PicList: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] },
    }),
  )
  expect(push.body).toEqual({ event: 'pic_weixin', key: 'k', count: 2, pictureMd5s: ['a', 'b'] })
})

test('DOCTYPE and entity bombs are refused before parsing', () => {
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>&xxe;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>'
  expect(rejectionOf(() => parsePush(xxe))).toBe('forbidden_doctype')
  const laughs = [
    '<?xml version="1.0"?>',
    '<!doctype lolz [',
    '<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`,
    ),
    ']>',
    '<xml><Content>&lol9;</Content></xml>',
  ].join('\n')
  expect(rejectionOf(() => parsePush(laughs))).toBe('forbidden_doctype')
  expect(rejectionOf(() => parsePush('<xml><!ENTITY a "b"><MsgType>text</MsgType></xml>'))).toBe(
    'forbidden_doctype',
  )
})

test('a follower typing <!DOCTYPE inside CDATA is not refused', () => {
  const push = pushFrom({ MsgType: 'text', MsgId: 7n, Content: '<!DOCTYPE html> and ]]> too' })
  expect(push.body).toEqual({ type: 'text', text: '<!DOCTYPE html> and ]]> too' })
})

test('entities in plain text are decoded; CDATA is left alone', () => {
  const push = parsePush(
    '<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId>' +
      '<Content>a &lt;b&gt; &amp; &#x4e2d;&#25991; &unknown;</Content><Label><![CDATA[&amp;]]></Label></xml>',
  )
  expect(push.body).toEqual({ type: 'text', text: 'a <b> & 中文 &unknown;' })
  expect(push.raw['Label']).toBe('&amp;')
})

test('bodies that are not a WeChat push are refused with their reason', () => {
  expect(rejectionOf(() => parsePush('hello'))).toBe('unsupported_body')
  expect(rejectionOf(() => parsePush(''))).toBe('unsupported_body')
  expect(rejectionOf(() => parsePush('[1,2]'))).toBe('unsupported_body')
  expect(rejectionOf(() => parsePush('[1,2]', 'application/json'))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush('{"FromUserName": '))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush('<xml><A>1</B></xml>'))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush('<xml><A>1</A>'))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush('<root><FromUserName>o</FromUserName></root>'))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush('<xml><A><![CDATA[open</A></xml>'))).toBe('malformed_body')
  expect(rejectionOf(() => parsePush(Buffer.from([0x3c, 0x78, 0xff, 0xfe])))).toBe('malformed_body')
})

test('missing header fields are named', () => {
  const complete: PushXmlFields = { FromUserName: 'o', CreateTime: 1, MsgType: 'text', MsgId: 1n }
  for (const name of ['FromUserName', 'CreateTime', 'MsgType', 'MsgId']) {
    const fields = Object.fromEntries(Object.entries(complete).filter(([key]) => key !== name))
    expect(rejectionOf(() => parsePush(buildPushXml(fields)))).toBe('missing_field')
  }
  expect(rejectionOf(() => parsePush('<xml></xml>'))).toBe('missing_field')
  expect(rejectionOf(() => parsePush(buildPushXml({ ...complete, CreateTime: 'soon' })))).toBe(
    'malformed_body',
  )
})

test('buildPushXml writes WeChat-shaped XML that reads back exactly', () => {
  const xml = buildPushXml({
    ToUserName: 'gh_1',
    CreateTime: 5,
    MsgId: 6054768590064713728n,
    Content: 'a]]>b',
  })
  expect(xml).toBe(
    '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>5</CreateTime>' +
      '<MsgId>6054768590064713728</MsgId><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
  )
  expect(readPushBody(xml).fields).toEqual({
    ToUserName: 'gh_1',
    CreateTime: '5',
    MsgId: '6054768590064713728',
    Content: 'a]]>b',
  })
  expect(() => buildPushXml({ 'bad name': 'x' })).toThrow(RangeError)
})
