import { conversationKeyOf } from '../../common/domain/account.js'
import type { Message, SendFailure } from '../../common/domain/message.js'
import {
  CUSTOM_MESSAGE_TYPES,
  customMessageBodyOf,
  templateMessageBodyOf,
  type CustomMessageBody,
} from './custom-message-body.js'
import { checkImage } from './image-check.js'
import { IMAGE_LIMIT_BYTES } from '../../common/relay/media-upload.js'
import { createTypingGate, type TypingGate } from './typing-gate.js'
import type { WeChatApiClient } from './wechat-api-client.js'
import type { DeliveryResult, MediaDownload, WeChatSender } from './wechat-sender.js'
import { exchangeWithWeChat } from './wechat-http.js'
import { TRANSPORT_FAILURES, wechatFailureOf } from './wechat-errors.js'

/** Options of the sender. */
export interface WeChatSenderOptions {
  readonly client: WeChatApiClient
  readonly typingGate?: TypingGate
  readonly imageLimitBytes?: number
}

const notSendable = (type: string): SendFailure => ({
  code: 'invalid',
  message: `A ${type} message cannot be sent to WeChat.`,
  isRetryable: false,
})

const UNREADABLE_DOWNLOAD: SendFailure = {
  code: 'wechat_error',
  message: 'WeChat answered the download with neither the file nor a link to it.',
  isRetryable: true,
}

/** A video's bytes from the link `media/get` answered (plain HTTP, reference §3.4); never throws. */
async function downloadVideo(url: string): Promise<MediaDownload> {
  const outcome = await exchangeWithWeChat(url, { acceptsFile: true }, 60_000)
  if (outcome.kind === 'file')
    return { ok: true, data: outcome.data, contentType: outcome.contentType || 'video/mp4' }
  if (outcome.kind === 'answer') {
    const errcode = outcome.answer['errcode']
    return {
      ok: false,
      failure: Number.isSafeInteger(errcode) ? wechatFailureOf(errcode as number) : UNREADABLE_DOWNLOAD,
    }
  }
  return {
    ok: false,
    failure: outcome.kind === 'unreachable' ? TRANSPORT_FAILURES.unreachable : UNREADABLE_DOWNLOAD,
  }
}

/**
 * One account's `WeChatSender` over the real customer-service, typing, media and template APIs; the
 * relay routes each call to its account's (accounts-sender.ts).
 */
export function createWeChatSender(options: WeChatSenderOptions): WeChatSender {
  const { client } = options
  const typingGate = options.typingGate ?? createTypingGate()
  const imageLimitBytes = options.imageLimitBytes ?? IMAGE_LIMIT_BYTES
  const typingChains = new Map<string, Promise<DeliveryResult>>()

  async function typingOnce(openId: string, isTyping: boolean): Promise<DeliveryResult> {
    const command = typingGate.commandFor(openId, isTyping)
    if (command === null) return { ok: true }
    const result = await client.call({
      path: '/cgi-bin/message/custom/typing',
      json: { touser: openId, command },
      isIdempotent: true,
      hasErrcode: true,
    })
    if (!result.ok) return { ok: false, failure: result.failure }
    typingGate.accepted(openId, command)
    return { ok: true }
  }

  return {
    async deliver(message: Message, { kfAccount }): Promise<DeliveryResult> {
      const { openId } = conversationKeyOf(message.conversationId)
      const body = message.body
      if (body.type === 'template') {
        const result = await client.call({
          path: '/cgi-bin/message/template/send',
          json: templateMessageBodyOf(openId, body, message.clientMessageId ?? message.id),
          // client_msg_id makes a repeat harmless ("防重入", reference §3.5).
          isIdempotent: true,
          hasErrcode: true,
        })
        if (!result.ok) return { ok: false, failure: result.failure }
        const msgid = result.answer['msgid']
        return { ok: true, ...(msgid === undefined ? {} : { wechatMsgId: String(msgid) }) }
      }
      if (!CUSTOM_MESSAGE_TYPES.has(body.type)) {
        return { ok: false, failure: notSendable(body.type) }
      }
      const result = await client.call({
        path: '/cgi-bin/message/custom/send',
        json: customMessageBodyOf(openId, body as CustomMessageBody, kfAccount),
        isIdempotent: false,
        hasErrcode: true,
      })
      if (!result.ok) return { ok: false, failure: result.failure }
      typingGate.messageSent(openId)
      return { ok: true }
    },

    typing(conversationId, isTyping) {
      const { openId } = conversationKeyOf(conversationId)
      // One change at a time per follower: the gate must see the previous answer before deciding, or a
      // burst of keystrokes would send `Typing` twice and earn 45081.
      const previous = typingChains.get(openId) ?? Promise.resolve()
      const next = previous.then(() => typingOnce(openId, isTyping))
      typingChains.set(openId, next)
      void next.finally(() => {
        if (typingChains.get(openId) === next) typingChains.delete(openId)
      })
      return next
    },

    async userInfo(conversationId) {
      const { openId } = conversationKeyOf(conversationId)
      const result = await client.call({
        path: '/cgi-bin/user/info',
        query: { openid: openId, lang: 'zh_CN' },
        isIdempotent: true,
      })
      if (!result.ok) return { ok: false, failure: result.failure }
      const unionId = result.answer['unionid']
      return { ok: true, unionId: typeof unionId === 'string' && unionId !== '' ? unionId : null }
    },

    async callAccountApi(_accountKey, request) {
      const result = await client.call({ ...request, hasErrcode: false })
      return result.ok ? { ok: true, answer: result.answer } : { ok: false, failure: result.failure }
    },

    async downloadMedia(_accountKey, mediaId) {
      const result = await client.call({
        path: '/cgi-bin/media/get',
        query: { media_id: mediaId },
        isIdempotent: true,
        acceptsFile: true,
      })
      if (!result.ok) return { ok: false, failure: result.failure }
      if (result.file !== undefined) return { ok: true, ...result.file }
      const videoUrl = result.answer['video_url']
      if (typeof videoUrl === 'string' && /^https?:\/\//.test(videoUrl)) return await downloadVideo(videoUrl)
      return { ok: false, failure: UNREADABLE_DOWNLOAD }
    },

    async uploadMedia(_accountKey, type, file) {
      // Pictures are checked here too: canned pictures and auto-replies upload without the composer's checks.
      const check = type === 'image' ? checkImage(file.data, imageLimitBytes) : null
      if (check !== null && !check.ok) return check
      const mimeType = check?.mimeType ?? file.mimeType
      const bytes = new Uint8Array(file.data)
      const result = await client.call({
        path: '/cgi-bin/media/upload',
        query: { type },
        form: () => {
          const form = new FormData()
          // WeChat reads the part named `media`, with a file name and content type (reference §3.4).
          form.append('media', new Blob([bytes], { type: mimeType }), file.fileName || type)
          return form
        },
        isIdempotent: true,
      })
      if (!result.ok) return { ok: false, failure: result.failure }
      const mediaId = result.answer['media_id']
      if (typeof mediaId !== 'string' || mediaId === '') {
        return {
          ok: false,
          failure: {
            code: 'wechat_error',
            message: 'WeChat answered the upload without a media id.',
            isRetryable: true,
          },
        }
      }
      return { ok: true, mediaId }
    },
  }
}
