import type { OutgoingBody } from '../../common/domain/message.js'

/** The customer-service bodies (everything but templates, which go through template/send). */
export type CustomMessageBody = Exclude<OutgoingBody, { readonly type: 'template' }>

/** The bodies `custom/send` carries. */
export const CUSTOM_MESSAGE_TYPES: ReadonlySet<string> = new Set<CustomMessageBody['type']>([
  'text',
  'image',
  'voice',
  'video',
  'news',
  'miniprogrampage',
])

/**
 * The JSON for `/cgi-bin/message/custom/send`, exactly as reference §3.2 (WxJava's serialisation):
 * `{touser, msgtype, <msgtype>: {…}}` plus `customservice.kf_account` when the agent has a persona.
 */
export function customMessageBodyOf(
  openId: string,
  body: CustomMessageBody,
  kfAccount: string | null,
): Record<string, unknown> {
  const persona = kfAccount === null || kfAccount === '' ? {} : { customservice: { kf_account: kfAccount } }
  switch (body.type) {
    case 'text':
      return { touser: openId, msgtype: 'text', text: { content: body.text }, ...persona }
    case 'image':
      return { touser: openId, msgtype: 'image', image: { media_id: body.mediaId }, ...persona }
    case 'voice':
      return { touser: openId, msgtype: 'voice', voice: { media_id: body.mediaId }, ...persona }
    case 'video':
      return {
        touser: openId,
        msgtype: 'video',
        video: {
          media_id: body.mediaId,
          thumb_media_id: body.thumbMediaId,
          title: body.title,
          description: body.description,
        },
        ...persona,
      }
    case 'news':
      // One article only: WeChat answers 45008 for more since 2018-10-12.
      return {
        touser: openId,
        msgtype: 'news',
        news: {
          articles: [
            { title: body.title, description: body.description, url: body.url, picurl: body.pictureUrl },
          ],
        },
        ...persona,
      }
    case 'miniprogrampage':
      return {
        touser: openId,
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: body.title,
          appid: body.appId,
          pagepath: body.pagePath,
          thumb_media_id: body.thumbMediaId,
        },
        ...persona,
      }
  }
}

/** The JSON for `/cgi-bin/message/template/send` (reference §3.5); `clientMsgId` makes it idempotent. */
export function templateMessageBodyOf(
  openId: string,
  body: Extract<OutgoingBody, { readonly type: 'template' }>,
  clientMsgId: string,
): Record<string, unknown> {
  const data = Object.fromEntries(
    Object.entries(body.data).map(([key, field]) => [key, { value: field.value }]),
  )
  return {
    touser: openId,
    template_id: body.templateId,
    ...(body.url === undefined ? {} : { url: body.url }),
    client_msg_id: clientMsgId,
    data,
  }
}
