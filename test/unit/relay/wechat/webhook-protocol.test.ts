import { expect, test } from '@playwright/test'
import { aesKeyOf, decryptMessage, encryptMessage } from '../../../../relay/wechat/message-crypto.js'
import { buildPushXml } from '../../../../relay/wechat/push-parser.js'
import { signatureOf } from '../../../../relay/wechat/signature.js'
import {
  WebhookRejection,
  openPush,
  sealReply,
  verifyUrl,
  type WebhookCredentials,
  type WebhookPolicy,
  type WebhookQuery,
  type WebhookRejectionReason,
} from '../../../../relay/wechat/webhook-protocol.js'
import {
  MINI_PROGRAM,
  MINI_PROGRAM_BODY,
  MINI_PROGRAM_PLAINTEXT,
  OPEN_PLATFORM,
  OPEN_PLATFORM_BODY,
  OPEN_PLATFORM_REPLY_XML,
  SAMPLE,
  SAMPLE_COMPATIBLE_BODY,
  URL_VERIFY,
  ZERO_KEY,
  encryptRawBlocks,
  frameOf,
} from './official-vectors.js'

const sample: WebhookCredentials = {
  accountKey: 'default',
  token: SAMPLE.token,
  appId: SAMPLE.appId,
  encodingAesKeys: [SAMPLE.encodingAesKey],
}
const openPlatform: WebhookCredentials = {
  accountKey: 'default',
  token: OPEN_PLATFORM.token,
  appId: OPEN_PLATFORM.appId,
  encodingAesKeys: [ZERO_KEY],
}
const miniProgram: WebhookCredentials = {
  accountKey: 'default',
  token: MINI_PROGRAM.token,
  appId: MINI_PROGRAM.appId,
  encodingAesKeys: [ZERO_KEY],
}
const CURRENT_KEY = 'kefuCurrentKey0123456789abcdefghijklmnopqrs'
const PREVIOUS_KEY = 'kefuPreviousKey0123456789abcdefghijklmnopqr'
const rotating: WebhookCredentials = {
  accountKey: 'default',
  token: 'kefu',
  appId: 'wxkefu0000000001',
  encodingAesKeys: [CURRENT_KEY, PREVIOUS_KEY],
}

/** The timestamp {@link safePost} signs unless told otherwise. */
const SAFE_POST_TIMESTAMP = '1714112445'

/** The relay's policy with its clock at `timestamp` (Unix seconds): the vectors are checked when they were signed. */
function at(timestamp: string, overrides: Partial<WebhookPolicy> = {}): WebhookPolicy {
  return { now: Number(timestamp) * 1000, maxAgeSeconds: 300, isPlaintextAccepted: false, ...overrides }
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

/** A safe-mode POST signed and encrypted the way WeChat does it. */
function safePost(
  credentials: WebhookCredentials,
  encrypt: string,
  options: { readonly timestamp?: string; readonly nonce?: string } = {},
): { query: WebhookQuery; body: Buffer } {
  const timestamp = options.timestamp ?? SAFE_POST_TIMESTAMP
  const nonce = options.nonce ?? '415670741'
  return {
    query: {
      signature: signatureOf([credentials.token, timestamp, nonce]),
      timestamp,
      nonce,
      openid: 'oFollower',
      encrypt_type: 'aes',
      msg_signature: signatureOf([credentials.token, timestamp, nonce, encrypt]),
    },
    body: Buffer.from(buildPushXml({ ToUserName: 'gh_kefu', Encrypt: encrypt })),
  }
}

const followerText = (content: string): string =>
  buildPushXml({
    ToUserName: 'gh_kefu',
    FromUserName: 'oFollower',
    CreateTime: 1714112445,
    MsgType: 'text',
    Content: content,
    MsgId: 24567890123456789n,
  })

test('GET: the official example answers echostr verbatim', () => {
  const { token, ...query } = URL_VERIFY
  const policy = at(query.timestamp)
  expect(verifyUrl(query, { accountKey: 'default', token, appId: 'wx', encodingAesKeys: [] }, policy)).toBe(
    '4375120948345356249',
  )
})

test('GET: wrong or missing signature, missing echostr', () => {
  const { token, ...query } = URL_VERIFY
  const policy = at(query.timestamp)
  const credentials = { accountKey: 'default', token, appId: 'wx', encodingAesKeys: [] }
  expect(rejectionOf(() => verifyUrl({ ...query, signature: '0'.repeat(40) }, credentials, policy))).toBe(
    'bad_signature',
  )
  expect(rejectionOf(() => verifyUrl({ ...query, nonce: '1514711493' }, credentials, policy))).toBe(
    'bad_signature',
  )
  expect(rejectionOf(() => verifyUrl({ ...query, signature: undefined }, credentials, policy))).toBe(
    'missing_signature',
  )
  expect(rejectionOf(() => verifyUrl({ ...query, timestamp: '' }, credentials, policy))).toBe(
    'missing_signature',
  )
  expect(rejectionOf(() => verifyUrl({ ...query, echostr: undefined }, credentials, policy))).toBe(
    'missing_field',
  )
  expect(rejectionOf(() => verifyUrl(query, { ...credentials, token: 'BBBBB' }, policy))).toBe(
    'bad_signature',
  )
})

test('GET with msg_signature: the encrypted echostr is verified and decrypted', () => {
  const echostr = encryptMessage('1616140317555161061', rotating.appId, aesKeyOf(CURRENT_KEY))
  const query = { timestamp: '1409659589', nonce: '263014780', echostr }
  const policy = at(query.timestamp)
  const msgSignature = signatureOf([rotating.token, query.timestamp, query.nonce, echostr])
  expect(verifyUrl({ ...query, msg_signature: msgSignature }, rotating, policy)).toBe('1616140317555161061')
  expect(rejectionOf(() => verifyUrl({ ...query, msg_signature: '0'.repeat(40) }, rotating, policy))).toBe(
    'bad_signature',
  )
  expect(
    rejectionOf(() =>
      verifyUrl({ ...query, msg_signature: msgSignature }, { ...rotating, encodingAesKeys: [] }, policy),
    ),
  ).toBe('not_configured')
})

test('vector 1: compatible-mode POST, verified with msg_signature, decrypted part trusted', () => {
  const query = {
    timestamp: SAMPLE.timestamp,
    nonce: SAMPLE.nonce,
    encrypt_type: 'aes',
    msg_signature: SAMPLE.msgSignature,
  }
  const policy = at(query.timestamp)
  const opened = openPush(query, Buffer.from(SAMPLE_COMPATIBLE_BODY), 'text/xml', sample, policy)
  expect(opened.mode).toBe('compatible')
  expect(opened.keyIndex).toBe(0)
  expect(opened.format).toBe('xml')
  expect(opened.push).toMatchObject({
    kind: 'message',
    msgId: '6054768590064713728',
    openId: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
    createTime: 1409735668,
    body: { type: 'text', text: 'abcdteT' },
  })
  // The plaintext copy is not what is trusted: a tampered copy changes nothing.
  const tampered = SAMPLE_COMPATIBLE_BODY.replace('abcdteT', 'forged')
  expect(openPush(query, Buffer.from(tampered), 'text/xml', sample, policy).push.body).toEqual({
    type: 'text',
    text: 'abcdteT',
  })
})

test('open-platform vector: safe-mode XML, `signature` ignored, msg_signature checked', () => {
  const query = {
    signature: OPEN_PLATFORM.signature,
    timestamp: OPEN_PLATFORM.timestamp,
    nonce: OPEN_PLATFORM.nonce,
    openid: OPEN_PLATFORM.openId,
    encrypt_type: 'aes',
    msg_signature: OPEN_PLATFORM.msgSignature,
  }
  const policy = at(query.timestamp)
  const opened = openPush(query, Buffer.from(OPEN_PLATFORM_BODY), undefined, openPlatform, policy)
  expect(opened).toMatchObject({ mode: 'safe', keyIndex: 0, format: 'xml' })
  expect(opened.push).toMatchObject({
    kind: 'event',
    accountId: 'gh_97417a04a28d',
    openId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
    createTime: 1715943329,
    body: { event: 'unknown', name: 'debug_demo' },
    raw: { debug_str: 'hello world' },
  })
  // A correct 3-field `signature` cannot stand in for a wrong msg_signature.
  expect(
    rejectionOf(() =>
      openPush(
        { ...query, msg_signature: OPEN_PLATFORM.signature },
        Buffer.from(OPEN_PLATFORM_BODY),
        undefined,
        openPlatform,
        policy,
      ),
    ),
  ).toBe('bad_signature')
})

test('mini-program vector: safe-mode JSON push', () => {
  const query = {
    signature: MINI_PROGRAM.signature,
    timestamp: MINI_PROGRAM.timestamp,
    nonce: MINI_PROGRAM.nonce,
    openid: MINI_PROGRAM.openId,
    encrypt_type: 'aes',
    msg_signature: MINI_PROGRAM.msgSignature,
  }
  const policy = at(query.timestamp)
  const opened = openPush(query, Buffer.from(MINI_PROGRAM_BODY), 'application/json', miniProgram, policy)
  expect(opened).toMatchObject({ mode: 'safe', keyIndex: 0, format: 'json' })
  expect(opened.push).toMatchObject({ kind: 'event', createTime: 1714112445, body: { name: 'debug_demo' } })
})

test('plaintext POST: 3-field signature, JSON body', () => {
  const { token, signature, timestamp, nonce, body } = MINI_PROGRAM_PLAINTEXT
  const policy = at(timestamp)
  const credentials = { accountKey: 'default', token, appId: 'wxba5fad812f8e6fb9', encodingAesKeys: [] }
  const opened = openPush(
    { signature, timestamp, nonce },
    Buffer.from(body),
    'application/json',
    credentials,
    policy,
  )
  expect(opened).toMatchObject({ mode: 'plaintext', keyIndex: -1, format: 'json' })
  expect(opened.push).toMatchObject({
    kind: 'event',
    openId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
    createTime: 1714037059,
  })
  expect(
    openPush(
      { signature, timestamp, nonce, encrypt_type: 'raw' },
      Buffer.from(body),
      undefined,
      credentials,
      policy,
    ).mode,
  ).toBe('plaintext')
  expect(
    rejectionOf(() => openPush({ timestamp, nonce }, Buffer.from(body), undefined, credentials, policy)),
  ).toBe('missing_signature')
  expect(
    rejectionOf(() =>
      openPush(
        { signature, timestamp: '1714037060', nonce },
        Buffer.from(body),
        undefined,
        credentials,
        policy,
      ),
    ),
  ).toBe('bad_signature')
})

test('sealReply reproduces the official encrypted reply XML byte for byte', () => {
  const reply = OPEN_PLATFORM.reply
  const sealed = sealReply(
    reply.plaintext,
    {
      nonce: reply.nonce,
      timestamp: reply.timestamp,
      keyIndex: 0,
      format: 'xml',
      random16: Buffer.from(reply.random16),
    },
    openPlatform,
  )
  expect(sealed).toBe(OPEN_PLATFORM_REPLY_XML)
})

test('sealReply JSON matches the official JSON reply (pad 1)', () => {
  const reply = MINI_PROGRAM.reply
  const sealed = sealReply(
    reply.plaintext,
    {
      nonce: reply.nonce,
      timestamp: reply.timestamp,
      keyIndex: 0,
      format: 'json',
      random16: Buffer.from(reply.random16),
    },
    miniProgram,
  )
  expect(JSON.parse(sealed)).toEqual({
    Encrypt: reply.encrypt,
    MsgSignature: reply.msgSignature,
    TimeStamp: 1713424427,
    Nonce: '415670741',
  })
  expect(
    rejectionOf(() => sealReply('x', { nonce: 'n', timestamp: 1, keyIndex: 1, format: 'xml' }, miniProgram)),
  ).toBe('not_configured')
})

test('key rotation: a push sealed with the previous key opens with keyIndex 1; the reply uses that key', () => {
  const policy = at(SAFE_POST_TIMESTAMP)
  const encrypt = encryptMessage(followerText('上一把钥匙'), rotating.appId, aesKeyOf(PREVIOUS_KEY))
  const { query, body } = safePost(rotating, encrypt)
  const opened = openPush(query, body, 'text/xml', rotating, policy)
  expect(opened).toMatchObject({
    mode: 'safe',
    keyIndex: 1,
    push: { body: { type: 'text', text: '上一把钥匙' } },
  })
  const sealed = sealReply(
    '<xml><Content>ok</Content></xml>',
    { nonce: '415670741', timestamp: 1714112446, keyIndex: opened.keyIndex, format: 'xml' },
    rotating,
  )
  const sealedEncrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(sealed)?.[1] ?? ''
  expect(decryptMessage(sealedEncrypt, aesKeyOf(PREVIOUS_KEY))).toEqual({
    message: '<xml><Content>ok</Content></xml>',
    receiveId: rotating.appId,
  })
  const sealedSignature = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]>/.exec(sealed)?.[1]
  expect(sealedSignature).toBe(signatureOf([rotating.token, '1714112446', '415670741', sealedEncrypt]))
  // The current key still comes first.
  const current = safePost(
    rotating,
    encryptMessage(followerText('now'), rotating.appId, aesKeyOf(CURRENT_KEY)),
  )
  expect(openPush(current.query, current.body, undefined, rotating, policy).keyIndex).toBe(0)
  // Without the previous key, the old push no longer opens.
  expect(
    rejectionOf(() =>
      openPush(query, body, undefined, { ...rotating, encodingAesKeys: [CURRENT_KEY] }, policy),
    ),
  ).not.toBe('no rejection')
})

test('Chinese text survives the safe-mode round trip (msg_len in bytes)', () => {
  const policy = at(SAFE_POST_TIMESTAMP)
  const content = '您好，我的订单还没到 🚚 ]]> 谢谢'
  const { query, body } = safePost(
    rotating,
    encryptMessage(followerText(content), rotating.appId, aesKeyOf(CURRENT_KEY)),
  )
  expect(openPush(query, body, undefined, rotating, policy).push).toMatchObject({
    msgId: '24567890123456789',
    body: { type: 'text', text: content },
  })
})

test('the bad-input corpus: each request is refused with its exact reason', () => {
  const policy = at(SAFE_POST_TIMESTAMP)
  const key = aesKeyOf(CURRENT_KEY)
  const valid = encryptMessage(followerText('hi'), rotating.appId, key)
  const padded = (pad: Buffer): string => {
    const frame = frameOf(followerText('hi'), rotating.appId)
    return encryptRawBlocks(Buffer.concat([frame, pad]), key)
  }
  const padLength = 32 - (frameOf(followerText('hi'), rotating.appId).length % 32)
  const uneven = Buffer.alloc(padLength, padLength)
  uneven[0] = padLength - 1
  const bytes = Buffer.from(valid, 'base64')
  const cases: readonly [string, () => unknown, WebhookRejectionReason][] = [
    [
      'valid',
      () =>
        openPush(
          safePost(rotating, valid).query,
          safePost(rotating, valid).body,
          undefined,
          rotating,
          policy,
        ),
      'no rejection' as WebhookRejectionReason,
    ],
    [
      'wrong msg_signature',
      () => {
        const { query, body } = safePost(rotating, valid)
        return openPush({ ...query, msg_signature: query['signature'] }, body, undefined, rotating, policy)
      },
      'bad_signature',
    ],
    [
      'missing msg_signature',
      () => {
        const { query, body } = safePost(rotating, valid)
        return openPush({ ...query, msg_signature: undefined }, body, undefined, rotating, policy)
      },
      'missing_signature',
    ],
    [
      'wrong appid with every key',
      () => {
        const other = encryptMessage(followerText('hi'), 'wxsomeoneelse000', key)
        return openPush(
          safePost(rotating, other).query,
          safePost(rotating, other).body,
          undefined,
          rotating,
          policy,
        )
      },
      'wrong_appid',
    ],
    ['pad 0', () => post(padded(Buffer.alloc(padLength, 0))), 'bad_padding'],
    ['pad 33', () => post(padded(Buffer.alloc(padLength, 33))), 'bad_padding'],
    ['non-uniform pad', () => post(padded(uneven)), 'bad_padding'],
    [
      'ciphertext not whole blocks',
      () => post(bytes.subarray(0, bytes.length - 16).toString('base64')),
      'bad_length',
    ],
    ['non-base64 Encrypt', () => post('not base64 at all!'), 'bad_base64'],
    ['empty Encrypt', () => post(''), 'missing_field'],
    [
      'DOCTYPE envelope',
      () => {
        const { query } = safePost(rotating, valid)
        const body = `<!DOCTYPE xml [<!ENTITY e "x">]><xml><Encrypt><![CDATA[${valid}]]></Encrypt></xml>`
        return openPush(query, Buffer.from(body), undefined, rotating, policy)
      },
      'forbidden_doctype',
    ],
    [
      'entity bomb inside the ciphertext',
      () => {
        const bomb =
          '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>'
        return post(encryptMessage(bomb, rotating.appId, key))
      },
      'forbidden_doctype',
    ],
    [
      'non-XML body',
      () => {
        const { query } = safePost(rotating, valid)
        return openPush(
          query,
          Buffer.from('Encrypt=abc'),
          'application/x-www-form-urlencoded',
          rotating,
          policy,
        )
      },
      'unsupported_body',
    ],
    ['non-XML decrypted text', () => post(encryptMessage('hello', rotating.appId, key)), 'unsupported_body'],
    [
      'encrypt_type=aes without keys',
      () => {
        const { query, body } = safePost(rotating, valid)
        return openPush(query, body, undefined, { ...rotating, encodingAesKeys: [] }, policy)
      },
      'not_configured',
    ],
    [
      'unknown encrypt_type',
      () => {
        const { query, body } = safePost(rotating, valid)
        return openPush({ ...query, encrypt_type: 'des' }, body, undefined, rotating, policy)
      },
      'unsupported_body',
    ],
  ]
  function post(encrypt: string): unknown {
    const { query } = safePost(rotating, encrypt)
    const body = `<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
    return openPush(query, Buffer.from(body), undefined, rotating, policy)
  }
  for (const [name, action, reason] of cases) {
    expect(`${name}: ${rejectionOf(action)}`).toBe(`${name}: ${reason}`)
  }
})

test('a message for another app is wrong_appid even when the previous key does not decrypt it', () => {
  const policy = at(SAFE_POST_TIMESTAMP)
  const other = encryptMessage(followerText('hi'), 'wxsomeoneelse000', aesKeyOf(PREVIOUS_KEY))
  const { query, body } = safePost(rotating, other)
  expect(rejectionOf(() => openPush(query, body, undefined, rotating, policy))).toBe('wrong_appid')
})

test('with a key configured, a plaintext push is refused, signed or not, unless plaintext is accepted', () => {
  const body = Buffer.from(followerText('forged over a leaked URL'))
  const { query } = safePost(rotating, 'unused')
  const plaintextQuery = {
    signature: query['signature'],
    timestamp: query['timestamp'],
    nonce: query['nonce'],
  }
  const policy = at(SAFE_POST_TIMESTAMP)
  expect(rejectionOf(() => openPush(plaintextQuery, body, 'text/xml', rotating, policy))).toBe(
    'plaintext_refused',
  )
  expect(
    rejectionOf(() =>
      openPush({ ...plaintextQuery, encrypt_type: 'raw' }, body, 'text/xml', rotating, policy),
    ),
  ).toBe('plaintext_refused')
  const accepting = at(SAFE_POST_TIMESTAMP, { isPlaintextAccepted: true })
  expect(openPush(plaintextQuery, body, 'text/xml', rotating, accepting)).toMatchObject({
    mode: 'plaintext',
    push: { body: { type: 'text', text: 'forged over a leaked URL' } },
  })
  // Without any key the account is in plaintext mode: plaintext is all WeChat sends.
  expect(openPush(plaintextQuery, body, 'text/xml', { ...rotating, encodingAesKeys: [] }, policy).mode).toBe(
    'plaintext',
  )
})

test('freshness: within the max age either way passes, a second more is stale, the signature comes first', () => {
  const encrypt = encryptMessage(followerText('hi'), rotating.appId, aesKeyOf(CURRENT_KEY))
  const { query, body } = safePost(rotating, encrypt)
  const signedAt = Number(SAFE_POST_TIMESTAMP)
  const openAt = (seconds: number, maxAgeSeconds = 300) =>
    rejectionOf(() => openPush(query, body, undefined, rotating, at(String(seconds), { maxAgeSeconds })))
  // WeChat's retries carry the first try's timestamp, seconds later.
  expect(openAt(signedAt)).toBe('no rejection')
  expect(openAt(signedAt + 15)).toBe('no rejection')
  expect(openAt(signedAt + 300)).toBe('no rejection')
  expect(openAt(signedAt - 300)).toBe('no rejection')
  expect(openAt(signedAt + 301)).toBe('stale_timestamp')
  expect(openAt(signedAt - 301)).toBe('stale_timestamp')
  expect(openAt(signedAt + 31, 30)).toBe('stale_timestamp')
  // A forged signature on an old URL learns nothing about the clock: it is a bad signature first.
  expect(
    rejectionOf(() =>
      openPush(
        { ...query, msg_signature: '0'.repeat(40) },
        body,
        undefined,
        rotating,
        at(String(signedAt + 9999)),
      ),
    ),
  ).toBe('bad_signature')
  // A signed timestamp that is not whole seconds is refused, however it was signed.
  for (const timestamp of ['1714112445.5', '1e9', ' 1714112445', '-1714112445', '0x66297a3d']) {
    const odd = safePost(rotating, encrypt, { timestamp })
    expect(
      `${timestamp}: ${rejectionOf(() => openPush(odd.query, odd.body, undefined, rotating, at(SAFE_POST_TIMESTAMP)))}`,
    ).toBe(`${timestamp}: bad_timestamp`)
  }
  // Plaintext mode is held to the same window.
  const plain = { signature: query['signature'], timestamp: query['timestamp'], nonce: query['nonce'] }
  const plainCredentials = { ...rotating, encodingAesKeys: [] }
  expect(
    rejectionOf(() =>
      openPush(
        plain,
        Buffer.from(followerText('hi')),
        undefined,
        plainCredentials,
        at(String(signedAt + 301)),
      ),
    ),
  ).toBe('stale_timestamp')
})

test('GET URL verification is held to the same window', () => {
  const { token, ...query } = URL_VERIFY
  const credentials = { accountKey: 'default', token, appId: 'wx', encodingAesKeys: [] }
  const signedAt = Number(query.timestamp)
  expect(verifyUrl(query, credentials, at(String(signedAt + 300)))).toBe(query.echostr)
  expect(rejectionOf(() => verifyUrl(query, credentials, at(String(signedAt + 301))))).toBe('stale_timestamp')
  expect(rejectionOf(() => verifyUrl(query, credentials, at(String(signedAt - 301))))).toBe('stale_timestamp')
})
