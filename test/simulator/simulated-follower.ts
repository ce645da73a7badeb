import { randomBytes } from 'node:crypto'
import { decryptPush, encryptPush, pushSignatureOf } from './push-crypto.js'
import { pushXmlOf, xmlElementOf, type PushFields } from './push-xml.js'
import type { Interaction } from './simulator-windows.js'

/** How one push went: WeChat's view of the relay's answer. */
export interface PushDelivery {
  /** Deliveries of the same body (1 + retries). */
  readonly attempts: number
  /** HTTP status of the last attempt; null when it timed out or failed to connect. */
  readonly status: number | null
  /** The relay's answer, decrypted when it was an encrypted passive reply. */
  readonly reply: string | null
  /** Why the last attempt failed, if it did. */
  readonly error: string | null
}

/** What a follower needs from the simulated platform. */
export interface FollowerContext {
  readonly accountId: string
  readonly appId: string
  readonly webhookToken: string
  /** Safe mode when set: pushes carry only `Encrypt` and a `msg_signature`. */
  readonly encodingAesKey: string | null
  readonly now: () => number
  readonly relayUrl: () => string | null
  readonly pushTimeoutMs: number
  /** WeChat retries a push that got no answer: "总共重试三次" (reference §1.8). */
  readonly pushRetries: number
  readonly nextMsgId: () => string
  /** The PicUrl of a follower's picture: WeChat's image CDN, here the simulator's own. */
  readonly imageUrlOf?: (mediaId: string) => string
  /** Keeps the file behind a media id the follower sends, for `media/get`; answers the id. */
  readonly holdMedia?: (
    kind: 'image' | 'voice' | 'video' | 'thumb',
    options: { readonly seconds?: number },
  ) => string
  readonly record: (openId: string, interaction: Interaction) => void
}

/** Posts one body to the relay the way WeChat does, retrying the same body on timeout. */
async function deliver(context: FollowerContext, openId: string, xml: string): Promise<PushDelivery> {
  const relayUrl = context.relayUrl()
  if (relayUrl === null) return { attempts: 0, status: null, reply: null, error: 'no relay URL set' }
  const timestamp = String(Math.floor(context.now() / 1000))
  const nonce = String(randomBytes(4).readUInt32BE())
  const query = new URLSearchParams({
    signature: pushSignatureOf([context.webhookToken, timestamp, nonce]),
    timestamp,
    nonce,
    openid: openId,
  })
  let body = xml
  if (context.encodingAesKey !== null) {
    const encrypted = encryptPush(xml, context.appId, context.encodingAesKey)
    query.set('encrypt_type', 'aes')
    query.set('msg_signature', pushSignatureOf([context.webhookToken, timestamp, nonce, encrypted]))
    body = pushXmlOf({ ToUserName: context.accountId, Encrypt: encrypted })
  }
  const url = `${relayUrl}${relayUrl.includes('?') ? '&' : '?'}${query}`
  let error: string | null = null
  for (let attempt = 1; attempt <= 1 + context.pushRetries; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
        signal: AbortSignal.timeout(context.pushTimeoutMs),
      })
      const text = await response.text()
      return { attempts: attempt, status: response.status, reply: replyOf(context, text, nonce), error: null }
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure)
    }
  }
  return { attempts: 1 + context.pushRetries, status: null, reply: null, error }
}

/**
 * The plaintext of a passive reply, read as WeChat reads it: an encrypted reply must carry a
 * `MsgSignature` over the token, its `TimeStamp`, the push's own `Nonce` and `Encrypt`, and decrypt to
 * this account's AppID; a reply that fails is what WeChat would not show (it throws here).
 */
function replyOf(context: FollowerContext, text: string, nonce: string): string {
  const encrypted = xmlElementOf(text, 'Encrypt')
  if (encrypted === null || context.encodingAesKey === null) return text
  const timestamp = xmlElementOf(text, 'TimeStamp') ?? ''
  const signature = xmlElementOf(text, 'MsgSignature')
  if (xmlElementOf(text, 'Nonce') !== nonce)
    throw new Error('the passive reply does not echo the push’s nonce')
  if (signature !== pushSignatureOf([context.webhookToken, timestamp, nonce, encrypted]))
    throw new Error('the passive reply’s MsgSignature does not verify')
  return decryptPush(encrypted, context.appId, context.encodingAesKey)
}

/** Events that open the 1-minute window (reference §2.4); other events do not. */
const windowEvents = new Set(['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg'])

/** A simulated follower: every message and event type WeChat pushes (reference §2.2, §2.3). */
export function createSimulatedFollower(openId: string, context: FollowerContext) {
  const header = (msgType: string): PushFields => ({
    ToUserName: context.accountId,
    FromUserName: openId,
    CreateTime: Math.floor(context.now() / 1000),
    MsgType: msgType,
  })
  let lastXml: string | null = null
  const send = (xml: string) => {
    lastXml = xml
    return deliver(context, openId, xml)
  }
  const message = (msgType: string, fields: PushFields) => {
    context.record(openId, 'message')
    return send(pushXmlOf({ ...header(msgType), ...fields, MsgId: context.nextMsgId() }))
  }
  const event = (name: string, fields: PushFields = {}) => {
    if (name === 'unsubscribe') context.record(openId, 'unsubscribe')
    else if (windowEvents.has(name)) context.record(openId, name === 'subscribe' ? 'subscribe' : 'event')
    return send(pushXmlOf({ ...header('event'), Event: name, ...fields }))
  }
  const mediaId = () => randomBytes(24).toString('base64url')
  const heldMedia = (
    kind: 'image' | 'voice' | 'video' | 'thumb',
    options: { readonly seconds?: number } = {},
  ) => context.holdMedia?.(kind, options) ?? mediaId()

  return {
    openId,
    /** Pushes any fields as they are (unknown types, malformed pushes), without window bookkeeping. */
    pushRaw: (fields: PushFields) => send(pushXmlOf({ ...header('text'), ...fields })),
    /** Delivers the previous push again, byte for byte, as WeChat does when it doubts an answer. */
    repeatLast: () =>
      lastXml === null ? Promise.reject(new Error('nothing pushed yet')) : deliver(context, openId, lastXml),
    sendText: (text: string) => message('text', { Content: text }),
    sendImage: () => {
      const id = heldMedia('image')
      const picUrl = context.imageUrlOf?.(id) ?? `http://mmbiz.qpic.cn/mmbiz_png/${id}/0`
      return message('image', { PicUrl: picUrl, MediaId: id })
    },
    /** A voice note of `seconds` (AMR-NB), with WeChat's speech-to-text when given. */
    sendVoice: (recognition?: string, seconds = 2) =>
      message('voice', {
        MediaId: heldMedia('voice', { seconds }),
        Format: 'amr',
        ...(recognition ? { Recognition: recognition } : {}),
      }),
    sendVideo: (seconds = 2) =>
      message('video', { MediaId: heldMedia('video', { seconds }), ThumbMediaId: heldMedia('thumb') }),
    sendShortVideo: (seconds = 2) =>
      message('shortvideo', { MediaId: heldMedia('video', { seconds }), ThumbMediaId: heldMedia('thumb') }),
    sendLocation: (place: { latitude: number; longitude: number; scale?: number; label: string }) =>
      message('location', {
        Location_X: place.latitude,
        Location_Y: place.longitude,
        Scale: place.scale ?? 15,
        Label: place.label,
      }),
    sendLink: (link: { title: string; description: string; url: string }) =>
      message('link', { Title: link.title, Description: link.description, Url: link.url }),
    /** Follows the account, through a parametric QR code when `scene` is given. */
    follow: (scene?: string) =>
      event(
        'subscribe',
        scene === undefined ? { EventKey: '' } : { EventKey: `qrscene_${scene}`, Ticket: mediaId() },
      ),
    unfollow: () => event('unsubscribe'),
    scan: (scene: string) => event('SCAN', { EventKey: scene, Ticket: mediaId() }),
    reportLocation: (latitude: number, longitude: number) =>
      event('LOCATION', { Latitude: latitude, Longitude: longitude, Precision: 65 }),
    clickMenu: (key: string) => event('CLICK', { EventKey: key }),
    viewMenu: (url: string) => event('VIEW', { EventKey: url, MenuId: 1 }),
    scanCode: (name: 'scancode_push' | 'scancode_waitmsg', key: string, result: string) =>
      event(name, { EventKey: key, ScanCodeInfo: { ScanType: 'qrcode', ScanResult: result } }),
    pickPictures: (name: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin', key: string) =>
      event(name, {
        EventKey: key,
        SendPicsInfo: { Count: 1, PicList: [{ item: { PicMd5Sum: randomBytes(16).toString('hex') } }] },
      }),
    selectLocation: (key: string, place: { latitude: number; longitude: number; label: string }) =>
      event('location_select', {
        EventKey: key,
        SendLocationInfo: {
          Location_X: place.latitude,
          Location_Y: place.longitude,
          Scale: 15,
          Label: place.label,
          Poiname: place.label,
        },
      }),
    /** WeChat's report on a template message job (capital-D `MsgID`, reference §2.3). */
    templateJobFinished: (jobId: string, status: string) =>
      event('TEMPLATESENDJOBFINISH', {
        MsgID: /^\d{1,15}$/.test(jobId) ? Number(jobId) : jobId,
        Status: status,
      }),
  }
}

/** A simulated follower. */
export type SimulatedFollower = ReturnType<typeof createSimulatedFollower>
