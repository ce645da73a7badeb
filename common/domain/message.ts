import type { InboundEventBody, InboundMessageBody } from './inbound.js'

/** Who wrote it: the follower (incoming), or the team / the relay's auto-replies (outgoing). */
export type MessageDirection = 'incoming' | 'outgoing' | 'internal'

/** The fate of an outgoing message. Incoming messages and notes are always `sent`. */
export type MessageStatus = 'pending' | 'sent' | 'failed'

/** What an agent (or an auto-reply) sends through the customer-service API (reference §3.2). */
export type OutgoingBody =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly mediaId: string; readonly fileName?: string }
  | {
      readonly type: 'news'
      readonly title: string
      readonly description: string
      readonly url: string
      readonly pictureUrl: string
    }
  | {
      readonly type: 'miniprogrampage'
      readonly title: string
      readonly appId: string
      readonly pagePath: string
      readonly thumbMediaId: string
    }
  | {
      readonly type: 'template'
      readonly templateId: string
      readonly url?: string
      readonly data: Readonly<Record<string, { readonly value: string }>>
    }

/** An internal line in the conversation: a private note or an activity (assigned, tagged, resolved). */
export type InternalBody =
  | {
      readonly type: 'note'
      readonly text: string
      /** Written with a reassignment, for the receiving agent. */
      readonly isHandover?: boolean
    }
  | {
      readonly type: 'activity'
      readonly action: 'assigned' | 'unassigned' | 'status_changed' | 'tagged' | 'untagged' | 'remark_changed'
      /**
       * The value the action set, as data: the new assignee's username (assigned), the previous
       * assignee's (unassigned), the new status (status_changed), the tag names joined by ", "
       * (tagged, untagged), the new remark (remark_changed).
       */
      readonly detail: string
      /** The tags added or removed (tagged, untagged), so the console can show their current names. */
      readonly tagIds?: readonly string[]
    }

/** Every body a message can carry. Incoming events are kept as messages so the history reads in order. */
export type MessageBody =
  InboundMessageBody | ({ readonly type: 'event' } & InboundEventBody) | OutgoingBody | InternalBody

/** Why an outgoing message failed, in a stable code and plain words for the agent. */
export interface SendFailure {
  /** Stable code, e.g. `window_closed`, `quota_exhausted`, `no_permission`, `wechat_unavailable`. */
  readonly code: string
  /** A plain sentence for the agent, saying what to do next. */
  readonly message: string
  /** WeChat's errcode when WeChat answered. */
  readonly wechatErrcode?: number
  /** Whether trying again later may succeed. */
  readonly isRetryable: boolean
}

/** One line of a conversation (Chatwoot's vocabulary). */
export interface Message {
  /** Relay-assigned id, unique across the relay. */
  readonly id: string
  /** The follower's openid. */
  readonly conversationId: string
  readonly direction: MessageDirection
  readonly body: MessageBody
  readonly status: MessageStatus
  /** Epoch ms when the relay recorded it (incoming: WeChat's CreateTime). */
  readonly createdAt: number
  /** The desktop's echo id for outgoing messages: a resend returns the same message. */
  readonly clientMessageId: string | null
  /** Username of the agent who wrote it; null for followers and auto-replies. */
  readonly senderUsername: string | null
  /** Sent by the relay's auto-replies. */
  readonly isAutomatic: boolean
  /** WeChat's MsgId for incoming messages (a string: it exceeds 2^53). */
  readonly wechatMsgId: string | null
  readonly failure: SendFailure | null
}
