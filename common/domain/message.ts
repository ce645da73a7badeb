import type { messageSchema, sendFailureSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'
import type { InboundEventBody, InboundMessageBody } from './inbound.js'
import type { RescueReason } from './window-rescue.js'

/** Who wrote it: the follower (incoming), or the team / the relay's auto-replies (outgoing). */
export type MessageDirection = Message['direction']

/** The fate of an outgoing message. Incoming messages and notes are always `sent`. */
export type MessageStatus = Message['status']

/** What an agent (or an auto-reply) sends through the customer-service API (reference §3.2). */
export type OutgoingBody =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly mediaId: string; readonly fileName?: string }
  | { readonly type: 'voice'; readonly mediaId: string; readonly fileName?: string }
  | {
      readonly type: 'video'
      readonly mediaId: string
      /** The video's thumbnail, which the relay made and uploaded with it. */
      readonly thumbMediaId: string
      readonly title: string
      readonly description: string
      readonly fileName?: string
    }
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
      readonly action: 'window_rescue'
      /** The holder it was taken from (or, when only supervisors were told, who holds it). */
      readonly detail: string
      readonly reason: RescueReason
      /** What the relay did: told supervisors only, returned it to the queue, or gave it to `to`. */
      readonly outcome: 'notified' | 'queued' | 'reassigned'
      readonly to?: string
      /** Epoch ms the reply window closes, when it is still open. */
      readonly closesAt?: number
    }
  | {
      readonly type: 'activity'
      readonly action:
        | 'assigned'
        | 'unassigned'
        | 'status_changed'
        | 'tagged'
        | 'untagged'
        | 'remark_changed'
        | 'snoozed'
        | 'unsnoozed'
      /**
       * The value the action set, as data: the new assignee's username (assigned), the previous
       * assignee's (unassigned), the new status (status_changed), the tag names joined by ", "
       * (tagged, untagged), the new remark (remark_changed), the epoch ms snoozed until or '' for until
       * the follower writes (snoozed), '' (unsnoozed).
       */
      readonly detail: string
      /** The tags added or removed (tagged, untagged), so the console can show their current names. */
      readonly tagIds?: readonly string[]
    }

/** Every body a message can carry. Incoming events are kept as messages so the history reads in order. */
export type MessageBody =
  InboundMessageBody | ({ readonly type: 'event' } & InboundEventBody) | OutgoingBody | InternalBody

/** Why an outgoing message failed, in a stable code and plain words for the agent. */
export type SendFailure = Wire<typeof sendFailureSchema>

/**
 * One line of a conversation (Chatwoot's vocabulary), as the relay contract's `messageSchema` parses
 * it: its body checked loosely, typed as `MessageBody`.
 */
export type Message = Wire<typeof messageSchema>
