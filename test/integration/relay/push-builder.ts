import { aesKeyOf, encryptMessage } from '../../../relay/wechat/message-crypto.js'
import { buildPushXml, type PushXmlFields } from '../../../relay/wechat/push-parser.js'
import { signatureOf } from '../../../relay/wechat/signature.js'

/** Credentials the test relays are configured with, as an operator would in the MP console. */
export const TEST_WECHAT = {
  token: 'kefutesttoken',
  appId: 'wx0123456789abcdef',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  previousEncodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut',
} as const

/** The environment that configures a relay with {@link TEST_WECHAT}. */
export const TEST_WECHAT_ENVIRONMENT = {
  WECHAT_TOKEN: TEST_WECHAT.token,
  WECHAT_APPID: TEST_WECHAT.appId,
  WECHAT_ENCODING_AES_KEY: TEST_WECHAT.encodingAesKey,
  WECHAT_ENCODING_AES_KEY_PREVIOUS: TEST_WECHAT.previousEncodingAesKey,
} as const

/** A webhook request as WeChat would send it. */
export interface BuiltPush {
  /** `/wechat?…` */
  readonly path: string
  readonly body: string
  readonly contentType: string
}

/** How to build a push: the mode, and what to get wrong on purpose. */
export interface PushOptions {
  readonly mode: 'plaintext' | 'compatible' | 'safe'
  readonly format?: 'xml' | 'json'
  readonly token?: string
  readonly appId?: string
  readonly encodingAesKey?: string
  readonly timestamp?: string
  readonly nonce?: string
}

/** A text message from `openId`; the MsgId is a string and may exceed 2^53. */
export function textMessage(
  openId: string,
  msgId: string,
  text: string,
  createTime = 1_714_000_000,
): PushXmlFields {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: createTime,
    MsgType: 'text',
    Content: text,
    MsgId: BigInt(msgId),
  }
}

/** An event from `openId` (subscribe with `qrscene_…`, unsubscribe, CLICK, …). */
export function eventPush(
  openId: string,
  event: string,
  extra: PushXmlFields = {},
  createTime = 1_714_000_000,
): PushXmlFields {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: createTime,
    MsgType: 'event',
    Event: event,
    ...extra,
  }
}

/** Signs (and in compatible/safe mode encrypts) `fields` like WeChat, answering the request to send. */
export function buildPush(fields: PushXmlFields, options: PushOptions): BuiltPush {
  const token = options.token ?? TEST_WECHAT.token
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000))
  const nonce = options.nonce ?? String(Math.floor(Math.random() * 1e9))
  const format = options.format ?? 'xml'
  const plaintext = format === 'json' ? JSON.stringify(jsonOf(fields)) : buildPushXml(fields)
  const query: Record<string, string> = {
    signature: signatureOf([token, timestamp, nonce]),
    timestamp,
    nonce,
    openid: String(fields['FromUserName']),
  }
  let body = plaintext
  if (options.mode !== 'plaintext') {
    const key = aesKeyOf(options.encodingAesKey ?? TEST_WECHAT.encodingAesKey)
    const encrypt = encryptMessage(plaintext, options.appId ?? TEST_WECHAT.appId, key)
    query['encrypt_type'] = 'aes'
    query['msg_signature'] = signatureOf([token, timestamp, nonce, encrypt])
    const envelope: PushXmlFields =
      options.mode === 'safe'
        ? { ToUserName: String(fields['ToUserName']), Encrypt: encrypt }
        : { ...fields, Encrypt: encrypt }
    body = format === 'json' ? JSON.stringify(jsonOf(envelope)) : buildPushXml(envelope)
  }
  const search = Object.entries(query)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  return { path: `/wechat?${search}`, body, contentType: format === 'json' ? 'application/json' : 'text/xml' }
}

/** Sends a built push to a relay; answers status and body text. */
export async function sendPush(baseUrl: string, push: BuiltPush): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${push.path}`, {
    method: 'POST',
    headers: { 'content-type': push.contentType },
    body: push.body,
  })
  return { status: response.status, text: await response.text() }
}

function jsonOf(fields: PushXmlFields): Record<string, unknown> {
  // JSON keeps numbers as numbers except ids past 2^53, which WeChat's JSON would carry as text here.
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      name,
      typeof value === 'bigint' ? value.toString() : value,
    ]),
  )
}
