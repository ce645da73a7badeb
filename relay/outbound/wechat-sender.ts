import type { Message, SendFailure } from '../../common/domain/message.js'

/** The result of one delivery attempt chain: delivered, or failed with WeChat's reason translated. */
export type DeliveryResult =
  /** `wechatMsgId`: the template job id, matched later by `TEMPLATESENDJOBFINISH`. */
  { readonly ok: true; readonly wechatMsgId?: string } | { readonly ok: false; readonly failure: SendFailure }

/**
 * The relay's way out to WeChat. The command path (permission, window, quota, pending row) lives in
 * the conversation service; this only talks to WeChat, with the one access token, retries and errcode
 * translation. Implementations never throw: every failure comes back as a DeliveryResult.
 */
export interface WeChatSender {
  /** Sends one outgoing message through `/cgi-bin/message/custom/send` (or template/send). */
  deliver(message: Message, options: { readonly kfAccount: string | null }): Promise<DeliveryResult>
  /** Forwards typing in a conversation to `/cgi-bin/message/custom/typing`, within WeChat's rules. */
  typing(conversationId: string, isTyping: boolean): Promise<DeliveryResult>
  /**
   * The follower's `/cgi-bin/user/info`: WeChat no longer tells names or avatars, but gives the unionid
   * when the account is bound to an open platform.
   */
  userInfo(
    conversationId: string,
  ): Promise<
    | { readonly ok: true; readonly unionId: string | null }
    | { readonly ok: false; readonly failure: SendFailure }
  >
  /**
   * Uploads a temporary media file (`/cgi-bin/media/upload`) to one account, answering its media_id:
   * `image`, `voice`, `video`, or `thumb` (a video's or mini-program card's small JPEG).
   */
  uploadMedia(
    accountKey: string,
    type: 'image' | 'voice' | 'video' | 'thumb',
    file: {
      readonly fileName: string
      readonly mimeType: string
      readonly data: Uint8Array
    },
  ): Promise<
    { readonly ok: true; readonly mediaId: string } | { readonly ok: false; readonly failure: SendFailure }
  >
  /**
   * Downloads a temporary media file (`/cgi-bin/media/get`) of one account: a video's id answers a
   * download URL, which is then fetched.
   */
  downloadMedia(accountKey: string, mediaId: string): Promise<MediaDownload>
  /**
   * Calls one of the account's management APIs (QR codes, the menu, templates, broadcasts, followers)
   * with its one access token; its answer as WeChat gave it, or the failure translated. The domain
   * modules build the bodies; this is their one way to WeChat.
   */
  callAccountApi(accountKey: string, request: AccountApiRequest): Promise<AccountApiResult>
}

/** One management call: the path after the API base, its query and JSON body. */
export interface AccountApiRequest {
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly json?: unknown
  /** Harmless to make twice (reads, creates WeChat dedupes): only such calls are retried after a timeout. */
  readonly isIdempotent: boolean
}

/** WeChat's answer, or why it refused. */
export type AccountApiResult =
  | { readonly ok: true; readonly answer: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly failure: SendFailure }

/** A downloaded file, or why WeChat would not give it. */
export type MediaDownload =
  | { readonly ok: true; readonly data: Uint8Array; readonly contentType: string }
  | { readonly ok: false; readonly failure: SendFailure }
