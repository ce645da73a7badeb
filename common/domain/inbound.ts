import { conversationIdOf, DEFAULT_ACCOUNT_KEY } from './account.js'

/**
 * What a follower's push means, after the webhook has verified, decrypted and parsed it.
 * Field names follow our vocabulary, not WeChat's XML; `raw` keeps every element WeChat sent so
 * nothing is lost when a type is unknown or gains fields.
 */

/** The elements common to every push (reference §2.1). */
export interface PushHeader {
  /** The key of the account whose webhook took it (the relay's name, from the path it was pushed to). */
  readonly accountKey: string
  /** The account's original id (`gh_…`). */
  readonly accountId: string
  /** Follower openid, unique within the account: with `accountKey`, the conversation. */
  readonly openId: string
  /** Unix seconds, as WeChat sent it. */
  readonly createTime: number
  /** Every element of the push, flattened to strings (nested elements as JSON). */
  readonly raw: Readonly<Record<string, unknown>>
}

/** A follower message (reference §2.2). `msgId` stays a string: real values exceed 2^53. */
export type InboundMessageBody =
  | { readonly type: 'text'; readonly text: string; readonly menuId?: string }
  | { readonly type: 'image'; readonly mediaId: string; readonly picUrl: string }
  | {
      readonly type: 'voice'
      readonly mediaId: string
      readonly format: string
      readonly recognition?: string
    }
  | { readonly type: 'video' | 'shortvideo'; readonly mediaId: string; readonly thumbMediaId: string }
  | {
      readonly type: 'location'
      readonly latitude: number
      readonly longitude: number
      readonly scale: number
      readonly label: string
    }
  | { readonly type: 'link'; readonly title: string; readonly description: string; readonly url: string }
  | { readonly type: 'unknown'; readonly msgType: string }

/** An event push (reference §2.3). */
export type InboundEventBody =
  | { readonly event: 'subscribe'; readonly qrScene?: string; readonly ticket?: string }
  | { readonly event: 'unsubscribe' }
  | { readonly event: 'scan'; readonly scene: string; readonly ticket?: string }
  | {
      readonly event: 'location'
      readonly latitude: number
      readonly longitude: number
      readonly precision: number
    }
  | { readonly event: 'click'; readonly key: string }
  | { readonly event: 'view'; readonly url: string; readonly menuId?: string }
  | { readonly event: 'view_miniprogram'; readonly path: string; readonly menuId?: string }
  | {
      readonly event: 'scancode_push' | 'scancode_waitmsg'
      readonly key: string
      readonly scanType: string
      readonly scanResult: string
    }
  | {
      readonly event: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin'
      readonly key: string
      readonly count: number
      readonly pictureMd5s: readonly string[]
    }
  | {
      readonly event: 'location_select'
      readonly key: string
      readonly latitude: number
      readonly longitude: number
      readonly scale: number
      readonly label: string
      readonly poiName: string
    }
  | { readonly event: 'kf_create_session' | 'kf_close_session'; readonly kfAccount: string }
  | { readonly event: 'kf_switch_session'; readonly fromKfAccount: string; readonly toKfAccount: string }
  | { readonly event: 'template_send_job_finish'; readonly jobId: string; readonly status: string }
  | { readonly event: 'unknown'; readonly name: string; readonly key?: string }

/** One verified push: a follower message or an event. */
export type InboundPush =
  | (PushHeader & { readonly kind: 'message'; readonly msgId: string; readonly body: InboundMessageBody })
  | (PushHeader & { readonly kind: 'event'; readonly body: InboundEventBody })

/**
 * The identity WeChat's retries share: MsgId when present, else FromUserName + CreateTime + Event +
 * EventKey (reference §1.8), so two different events in the same second stay apart. Job reports
 * (TEMPLATESENDJOBFINISH, MASSSENDJOBFINISH) have no EventKey but carry their job's `MsgID`: it joins
 * the key, or two jobs finishing in the same second for one follower would be taken for one retry.
 */
export function dedupeKeyOf(push: InboundPush): string {
  // Two accounts' MsgIds and openids may meet; the default account's keys stay as they were.
  const account = push.accountKey === DEFAULT_ACCOUNT_KEY ? '' : `${push.accountKey}/`
  return `${account}${accountDedupeKeyOf(push)}`
}

/** The conversation a push belongs to. */
export function conversationIdOfPush(push: Pick<PushHeader, 'accountKey' | 'openId'>): string {
  return conversationIdOf(push.accountKey, push.openId)
}

function accountDedupeKeyOf(push: InboundPush): string {
  if (push.kind === 'message') return `m:${push.msgId}`
  const eventName = String(push.raw['Event'] ?? '')
  const eventKey = String(push.raw['EventKey'] ?? '')
  const key = `e:${push.openId}:${push.createTime}:${eventName}:${eventKey}`
  const jobId = String(push.raw['MsgID'] ?? push.raw['MsgId'] ?? '').trim()
  // Events without a job id keep the key they always had, so a retry across an upgrade still matches.
  return jobId === '' ? key : `${key}:${jobId}`
}
