import type { InboundPush } from '../../common/domain/inbound.js'
import { aesKeyOf, decryptMessage, encryptMessage } from './message-crypto.js'
import { pushOf, readPushBody, type PushFormat, type PushTree } from './push-parser.js'
import { cdataOf } from './cdata.js'
import { isSameSignature, signatureOf } from './signature.js'
import { WebhookRejection } from './webhook-rejection.js'

export { WebhookRejection, type WebhookRejectionReason } from './webhook-rejection.js'

/** What the account's webhook is configured with (MP console: Token, AppID, EncodingAESKey). */
export interface WebhookCredentials {
  /** The relay's key of the account: the pushes it opens belong to it. */
  readonly accountKey: string
  readonly token: string
  readonly appId: string
  /** EncodingAESKeys (43 chars), current first, then the previous one for rotation. May be empty (plaintext only). */
  readonly encodingAesKeys: readonly string[]
}

/** What a request must satisfy besides its signature: the relay's settings and its clock. */
export interface WebhookPolicy {
  /** The relay's clock (epoch ms), read once per request. */
  readonly now: number
  /** A signed `timestamp` further than this many seconds from `now`, either way, is refused. */
  readonly maxAgeSeconds: number
  /** With an EncodingAESKey configured, take unencrypted pushes anyway (WECHAT_ACCEPT_PLAINTEXT). */
  readonly isPlaintextAccepted: boolean
}

/** The webhook's query string, one value per name. */
export type WebhookQuery = Readonly<Record<string, string | undefined>>

/** How the push arrived (消息加解密方式), decided per request from `encrypt_type`. */
export type WebhookMode = 'plaintext' | 'compatible' | 'safe'

/** A verified, decrypted and parsed push. */
export interface OpenedPush {
  readonly push: InboundPush
  readonly mode: WebhookMode
  /** Index in `encodingAesKeys` of the key that decrypted it (reply with the same one); -1 in plaintext. */
  readonly keyIndex: number
  /** The body's data format, so a passive reply can match it. */
  readonly format: PushFormat
}

/**
 * GET URL verification: the body to answer (echostr verbatim, or the decrypted echostr when msg_signature
 * is present). Held to the same freshness window as a push: WeChat signs it with the current time too, and
 * an old verification URL replayed later must not prove anything. Throws WebhookRejection.
 */
export function verifyUrl(
  query: WebhookQuery,
  credentials: WebhookCredentials,
  policy: WebhookPolicy,
): string {
  const msgSignature = query['msg_signature']
  if (msgSignature !== undefined) {
    // WeCom-style GET with an encrypted echostr (reference §1.2): tolerated, branch on msg_signature.
    const { timestamp, nonce } = requiredQuery(query, ['timestamp', 'nonce'])
    const echostr = requiredEchostr(query)
    assertSignature(msgSignature, [credentials.token, timestamp, nonce, echostr])
    assertFresh(timestamp, policy)
    return decryptWithKeys(echostr, credentials).message
  }
  const { signature, timestamp, nonce } = requiredQuery(query, ['signature', 'timestamp', 'nonce'])
  const echostr = requiredEchostr(query)
  assertSignature(signature, [credentials.token, timestamp, nonce])
  assertFresh(timestamp, policy)
  return echostr
}

/**
 * POST: verify, check freshness, decrypt (mode decided per request from encrypt_type), parse. Throws
 * WebhookRejection. The signature is checked before the timestamp, so a request that cannot sign learns
 * nothing about the relay's clock; both come before decryption and parsing, so a replay costs a hash.
 */
export function openPush(
  query: WebhookQuery,
  rawBody: Buffer,
  contentType: string | undefined,
  credentials: WebhookCredentials,
  policy: WebhookPolicy,
): OpenedPush {
  const encryptType = query['encrypt_type']
  if (encryptType === undefined || encryptType === '' || encryptType === 'raw') {
    // `signature` covers token, timestamp and nonce, never the body, and every safe-mode URL carries a
    // valid one: with a key configured, accepting plaintext would let anyone who saw one URL (a proxy
    // log) write any follower's messages. Refused before the signature: there is nothing to learn here.
    if (hasAesKey(credentials) && !policy.isPlaintextAccepted) {
      throw new WebhookRejection(
        'plaintext_refused',
        'an EncodingAESKey is configured: pushes must be encrypted',
      )
    }
    const { signature, timestamp, nonce } = requiredQuery(query, ['signature', 'timestamp', 'nonce'])
    assertSignature(signature, [credentials.token, timestamp, nonce])
    assertFresh(timestamp, policy)
    const { format, fields } = readPushBody(rawBody, contentType)
    return { push: pushOf(fields, credentials.accountKey), mode: 'plaintext', keyIndex: -1, format }
  }
  if (encryptType !== 'aes')
    throw new WebhookRejection('unsupported_body', `encrypt_type ${encryptType} is unknown`)
  if (!hasAesKey(credentials)) {
    throw new WebhookRejection('not_configured', 'encrypted push but no EncodingAESKey is configured')
  }
  // Never `signature` here: only msg_signature covers the ciphertext (reference §1.3, §7.1).
  const {
    msg_signature: msgSignature,
    timestamp,
    nonce,
  } = requiredQuery(query, ['msg_signature', 'timestamp', 'nonce'])
  const envelope = readPushBody(rawBody, contentType)
  const encrypt = envelope.fields['Encrypt']
  if (typeof encrypt !== 'string' || encrypt === '')
    throw new WebhookRejection('missing_field', 'Encrypt is missing')
  assertSignature(msgSignature, [credentials.token, timestamp, nonce, encrypt])
  assertFresh(timestamp, policy)
  const { message, keyIndex } = decryptWithKeys(encrypt, credentials)
  // Compatible mode also carries plaintext fields: trust only what was decrypted.
  const inner = readPushBody(message, envelope.format === 'json' ? 'application/json' : undefined)
  return {
    push: pushOf(inner.fields, credentials.accountKey),
    mode: hasPlaintextFields(envelope.fields) ? 'compatible' : 'safe',
    keyIndex,
    format: envelope.format,
  }
}

/** Encrypted envelope for a passive reply (§1.6), XML or JSON like the push, with the key that decrypted it. */
export function sealReply(
  replyXml: string,
  options: {
    readonly nonce: string
    readonly timestamp: number
    readonly keyIndex: number
    readonly format: PushFormat
    /** Only for deterministic tests; fresh random bytes otherwise. */
    readonly random16?: Buffer
  },
  credentials: WebhookCredentials,
): string {
  const encodingAesKey = credentials.encodingAesKeys[options.keyIndex]
  if (encodingAesKey === undefined || encodingAesKey === '') {
    throw new WebhookRejection('not_configured', `no EncodingAESKey at index ${options.keyIndex}`)
  }
  if (!Number.isSafeInteger(options.timestamp)) throw new RangeError('timestamp must be whole Unix seconds')
  const encrypt = encryptMessage(replyXml, credentials.appId, aesKeyOf(encodingAesKey), options.random16)
  const msgSignature = signatureOf([credentials.token, String(options.timestamp), options.nonce, encrypt])
  if (options.format === 'json') {
    return JSON.stringify({
      Encrypt: encrypt,
      MsgSignature: msgSignature,
      TimeStamp: options.timestamp,
      Nonce: options.nonce,
    })
  }
  return [
    '<xml>',
    `<Encrypt>${cdataOf(encrypt)}</Encrypt>`,
    `<MsgSignature>${cdataOf(msgSignature)}</MsgSignature>`,
    `<TimeStamp>${options.timestamp}</TimeStamp>`,
    `<Nonce>${cdataOf(options.nonce)}</Nonce>`,
    '</xml>',
  ].join('\n')
}

/**
 * Tries each configured key in order (current, then previous: reference §1.7). A key counts only if the
 * strict checks pass and the receiveid is our AppID; if some key decrypted cleanly to another AppID the
 * answer is wrong_appid, else the current key's reason.
 */
function decryptWithKeys(
  encrypt: string,
  credentials: WebhookCredentials,
): { readonly message: string; readonly keyIndex: number } {
  let firstFailure: WebhookRejection | undefined
  let hasWrongAppId = false
  for (const [keyIndex, encodingAesKey] of credentials.encodingAesKeys.entries()) {
    if (encodingAesKey === '') continue
    const aesKey = aesKeyOf(encodingAesKey)
    try {
      const { message, receiveId } = decryptMessage(encrypt, aesKey)
      if (receiveId === credentials.appId) return { message, keyIndex }
      hasWrongAppId = true
    } catch (error) {
      if (!(error instanceof WebhookRejection)) throw error
      firstFailure ??= error
    }
  }
  if (hasWrongAppId) throw new WebhookRejection('wrong_appid', 'the message was encrypted for another AppID')
  throw firstFailure ?? new WebhookRejection('not_configured', 'no EncodingAESKey is configured')
}

function assertSignature(received: string, parts: readonly string[]): void {
  if (!isSameSignature(received, signatureOf(parts))) {
    throw new WebhookRejection('bad_signature', 'signature does not match')
  }
}

/**
 * The signed timestamp must be whole Unix seconds within `maxAgeSeconds` of the relay's clock, either
 * way: WeChat's retries reuse the first try's timestamp seconds apart, while a URL lifted from a log is
 * worth nothing once the window has passed. Digits only: `Number()` would take ` 1e9` or `0x1`.
 */
function assertFresh(timestamp: string, policy: WebhookPolicy): void {
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookRejection('bad_timestamp', 'timestamp must be whole Unix seconds')
  }
  if (Math.abs(Number(timestamp) - Math.floor(policy.now / 1000)) > policy.maxAgeSeconds) {
    throw new WebhookRejection(
      'stale_timestamp',
      `timestamp is more than ${policy.maxAgeSeconds} seconds from the relay's clock`,
    )
  }
}

function hasAesKey(credentials: WebhookCredentials): boolean {
  return credentials.encodingAesKeys.some((key) => key !== '')
}

function requiredQuery<Name extends string>(
  query: WebhookQuery,
  names: readonly Name[],
): Readonly<Record<Name, string>> {
  const values = {} as Record<Name, string>
  for (const name of names) {
    const value = query[name]
    if (value === undefined || value === '')
      throw new WebhookRejection('missing_signature', `${name} is missing`)
    values[name] = value
  }
  return values
}

function requiredEchostr(query: WebhookQuery): string {
  const echostr = query['echostr']
  if (echostr === undefined || echostr === '')
    throw new WebhookRejection('missing_field', 'echostr is missing')
  return echostr
}

function hasPlaintextFields(envelope: PushTree): boolean {
  return Object.keys(envelope).some((name) => name !== 'ToUserName' && name !== 'Encrypt')
}
