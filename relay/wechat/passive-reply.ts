import type { PushHeader } from '../../common/domain/inbound.js'
import { cdataOf } from './cdata.js'
import type { PushFormat } from './push-parser.js'

/**
 * A plaintext passive text reply to a push (reference §5): To/From swapped (to the follower, from the
 * account), CreateTime in seconds. In compatible/safe mode pass the result to `sealReply`.
 */
export function passiveReply(
  push: Pick<PushHeader, 'openId' | 'accountId'>,
  text: string,
  options: { readonly nowMs?: number; readonly format?: PushFormat } = {},
): string {
  const createTime = Math.floor((options.nowMs ?? Date.now()) / 1000)
  if (options.format === 'json') {
    return JSON.stringify({
      ToUserName: push.openId,
      FromUserName: push.accountId,
      CreateTime: createTime,
      MsgType: 'text',
      Content: text,
    })
  }
  return (
    `<xml><ToUserName>${cdataOf(push.openId)}</ToUserName>` +
    `<FromUserName>${cdataOf(push.accountId)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime>` +
    `<MsgType>${cdataOf('text')}</MsgType>` +
    `<Content>${cdataOf(text)}</Content></xml>`
  )
}
