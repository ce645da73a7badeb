import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN, conversationKeyOf } from '../domain/account.js'
import type { MessageBody } from '../domain/message.js'

/**
 * The entities the relay sends desktops, in its answers and its events. The desktop parses everything it
 * receives with these (types are not validation), and the relay's OpenAPI document describes its answers
 * with them. The domain's types are inferred from them (`Wire<typeof schema>`, common/domain), so a type
 * and its check cannot drift. Message bodies and previews are loose: a kind a desktop does not know yet
 * must not break it.
 */

const id = z.string().min(1).max(256)
/** Account keys something is limited to; empty for every account (and in what relays sent before accounts). */
const accountKeysSchema = z.array(z.string().regex(ACCOUNT_KEY_PATTERN)).default([])
const epoch = z.number().finite().nonnegative()
const username = z.string().min(1)
const directionSchema = z.enum(['incoming', 'outgoing', 'internal'])

/**
 * A message's body, checked loosely (any object with a kind: a kind this desktop does not know yet is
 * kept, not refused) and typed for code as the domain's `MessageBody` union, whose every member has a
 * `type`. The OpenAPI document shows the loose check.
 */
const messageBodySchema = z.looseObject({ type: z.string().min(1) }).pipe(
  z.custom<MessageBody>().meta({
    type: 'object',
    description:
      'A message body: its `type` names the kind (text, image, event, note, …), other fields vary.',
    properties: { type: { type: 'string', minLength: 1 } },
    required: ['type'],
    additionalProperties: {},
  }),
)

/** Why an outgoing message failed, in a stable code and plain words for the agent. */
export const sendFailureSchema = z.object({
  /** Stable code, e.g. `window_closed`, `quota_exhausted`, `no_permission`, `wechat_unavailable`. */
  code: z.string().min(1),
  /** A plain sentence for the agent, saying what to do next. */
  message: z.string(),
  /** WeChat's errcode when WeChat answered. */
  wechatErrcode: z.number().int().optional(),
  /** Whether trying again later may succeed. */
  isRetryable: z.boolean(),
})

/** One stored file of a message's media: what it is for, its type, size and what the relay measured. */
export const mediaFileSchema = z.object({
  /**
   * `original`: the bytes as WeChat sent (or was sent) them; `playable`: a voice note turned into audio a
   * browser plays; `thumbnail`: a small JPEG of a picture; `poster`: a video's thumbnail.
   */
  role: z.enum(['original', 'playable', 'thumbnail', 'poster']),
  contentType: z.string().min(1).max(100),
  size: z.number().int().nonnegative(),
  /** SHA-256 of the bytes, hex: files are kept once however many messages hold them. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  durationMs: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
})

/**
 * What the relay holds of a message's media. `fetching`: not yet stored (WeChat is asked again with a
 * backoff until the media id's 3 days run out; `failure` says why the last try failed); `stored`: every
 * file is kept; `failed`: it never will be (`failure` says why).
 */
export const messageMediaSchema = z.object({
  state: z.enum(['fetching', 'stored', 'failed']),
  files: z.array(mediaFileSchema).max(8),
  /** Why the last fetch failed, in plain words (WeChat's reason). */
  failure: z.string().max(500).optional(),
  /** Epoch ms of the next try while `fetching` after a failure. */
  nextAttemptAt: epoch.optional(),
})

/** One line of a conversation (Chatwoot's vocabulary): the body is loose, its kind is checked. */
export const messageSchema = z.object({
  /** Relay-assigned id, unique across the relay. */
  id,
  /** The follower's openid. */
  conversationId: id,
  /** Who wrote it: the follower (incoming), the team or the relay's auto-replies (outgoing), or a note. */
  direction: directionSchema,
  body: messageBodySchema,
  /** The fate of an outgoing message. Incoming messages and notes are always `sent`. */
  status: z.enum(['pending', 'sent', 'failed']),
  /** Epoch ms when the relay recorded it (incoming: WeChat's CreateTime). */
  createdAt: epoch,
  /** The desktop's echo id for outgoing messages: a resend returns the same message. */
  clientMessageId: z.string().max(64).nullable(),
  /** Username of the agent who wrote it; null for followers and auto-replies. */
  senderUsername: z.string().nullable(),
  /** Sent by the relay's auto-replies. */
  isAutomatic: z.boolean(),
  /** WeChat's MsgId for incoming messages (a string: it exceeds 2^53). */
  wechatMsgId: z.string().nullable(),
  failure: sendFailureSchema.nullable(),
  /** The media the relay keeps for it (pictures, voice, video); absent for messages without any. */
  media: messageMediaSchema.optional(),
})

/** A short preview of the latest message, for the inbox row. */
export const messagePreviewSchema = z.object({
  messageId: id,
  direction: directionSchema,
  /**
   * What kind of message it is, so each client can label it in its own language; absent = text. Loose
   * like message bodies: a kind this desktop does not know yet is shown as a plain message.
   */
  type: z.string().min(1).max(32).pipe(z.custom<MessageBody['type']>()).optional(),
  /** The message's own words (text, transcript, place, title), without a kind label; may be empty. */
  text: z.string(),
  createdAt: epoch,
})

const windowOpenerSchema = z.enum(['message', 'event', 'payment'])

/** The facts the reply-window policy works from: the latest opening of each kind, sends, the follow state. */
export const windowHistorySchema = z.object({
  /** Epoch ms of the latest opener of each kind, if any. */
  lastOpenedAt: z.object({ message: epoch.optional(), event: epoch.optional(), payment: epoch.optional() }),
  /** Epoch ms of each customer-service message sent (or being sent) to the follower, any order. */
  sendTimes: z.array(epoch),
  isUnsubscribed: z.boolean(),
})

/**
 * A conversation as relays before `unansweredCount` sent it, and as their events stay in a log: the
 * count was named `unreadCount`. Anything else is left as it is.
 */
/**
 * Conversations logged before accounts carry neither the account nor the openid: their id tells both
 * (the default account's conversations are identified by the bare openid).
 */
export function withConversationKey(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  if ('accountKey' in value || !('id' in value) || typeof value.id !== 'string') return value
  return { ...conversationKeyOf(value.id), ...value }
}

export function withCurrentConversationNames(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  if ('unansweredCount' in value || !('unreadCount' in value)) return value
  const { unreadCount, ...rest } = value as Record<string, unknown>
  return { ...rest, unansweredCount: unreadCount }
}

/** One follower's conversation, whole: what the inbox needs, kept by the relay. Id = the follower's openid. */
export const conversationSchema = z.preprocess(
  (value) => withConversationKey(withCurrentConversationNames(value)),
  z.object({
    /** Made from the account and the openid (common/domain/account.ts `conversationIdOf`). */
    id,
    /** The official account the follower wrote to. */
    accountKey: z.string().regex(ACCOUNT_KEY_PATTERN),
    /** The follower's openid within that account (what WeChat's APIs take). */
    openId: id,
    /** The remark an agent set; WeChat no longer returns nicknames. */
    remark: z.string().nullable(),
    /** Whether the follower still follows the account. */
    followState: z.enum(['subscribed', 'unsubscribed', 'unknown']),
    /** Where the follower came from: the QR scene of their follow, if any. */
    sourceScene: z.string().nullable(),
    /**
     * The relay heard this follower's follow event. Without it a null `sourceScene` says nothing: the
     * follow may predate the relay, so where they came from is unknown. Events logged before the relay
     * kept this fact carry no value: their origin is unknown.
     */
    hasSeenFollow: z.boolean().default(false),
    firstSeenAt: epoch,
    lastMessage: messagePreviewSchema.nullable(),
    /** Epoch ms of the follower's latest message or event; drives "waiting time". */
    lastIncomingAt: epoch.nullable(),
    /**
     * The team's count, not anyone's read state: the follower's messages since a reply of the team (an
     * agent's or an auto-reply) was last delivered. Each agent's unread count lives on their desktop.
     * Relays before this name sent it as `unreadCount`, which is still taken.
     */
    unansweredCount: z.number().int().nonnegative(),
    /** The facts the reply-window policy works from (see common/domain/reply-window). */
    windowHistory: windowHistorySchema,
    /** Username of the agent who owns it; null = unassigned. */
    assignee: z.string().nullable(),
    /** Ticket status. */
    status: z.enum(['open', 'pending', 'resolved']),
    ticketNumber: z.number().int().nonnegative(),
    tagIds: z.array(id),
    /** Notes about the follower (the follower panel). */
    notes: z.string(),
    /** Bumped on every change: compare-and-set commands carry the version they saw. */
    version: z.number().int().nonnegative(),
    updatedAt: epoch,
    /**
     * WeChat's unionid of the follower, when the account is bound to an open platform: the same person's
     * conversations in other accounts share it. Null when none is known (and before the relay kept it).
     */
    unionId: z.string().nullable().default(null),
    /**
     * Snoozed: out of the inbox's views until `until` (epoch ms), or until the follower writes (`until`
     * null); a follower's message always wakes it. Null (and before snoozing existed): not snoozed.
     */
    snooze: z.object({ until: epoch.nullable(), by: username }).nullable().default(null),
    /**
     * The SLA clock: the follower's oldest message no agent has answered (auto-replies leave it running);
     * null when nothing awaits a reply (and before SLAs existed).
     */
    awaitingReplySince: epoch.nullable().default(null),
    /** When an agent first answered the current ticket: null, the first-response target applies. */
    ticketRepliedAt: epoch.nullable().default(null),
    /** The follower's latest rating of a resolved ticket (1–5). */
    rating: z
      .object({
        score: z.number().int().min(1).max(5),
        ticketNumber: z.number().int().nonnegative(),
        at: epoch,
      })
      .nullable()
      .default(null),
    /** The rating question sent on resolving, until answered or too old. */
    ratingQuestion: z
      .object({ ticketNumber: z.number().int().nonnegative(), askedAt: epoch, answerBy: epoch })
      .nullable()
      .default(null),
  }),
)

/**
 * An official account as admins see it: where it comes from, whether it is served and which secrets it
 * has — never the secrets themselves, which are write-only.
 */
export const accountListingSchema = z.object({
  key: z.string().regex(ACCOUNT_KEY_PATTERN),
  name: z.string(),
  appId: z.string(),
  /** `configuration`: RELAY_ACCOUNTS_FILE or WECHAT_*, read-only here; `console`: added by an admin. */
  source: z.enum(['configuration', 'console']),
  isEnabled: z.boolean(),
  /** The path to set as the account's server URL in its MP console. */
  webhookPath: z.string(),
  hasAppSecret: z.boolean(),
  hasEncodingAesKey: z.boolean(),
  hasPreviousEncodingAesKey: z.boolean(),
  /** Replies per window after a follower's message and after an event, in force for it. */
  messageQuota: z.number().int().nonnegative().nullable(),
  eventQuota: z.number().int().nonnegative().nullable(),
})

/** A tag agents apply to conversations; supervisors create them. */
export const tagSchema = z.object({
  id,
  name: z.string(),
  /** CSS colour, e.g. `#2f9e44`. */
  color: z.string(),
  /** The official accounts whose conversations it applies to; empty (and before accounts) for all. */
  accountKeys: accountKeysSchema,
})

/** The picture of an image canned response; its bytes stay on the relay, which uploads them to WeChat. */
export const cannedImageSchema = z.object({
  fileName: z.string(),
  /** Sniffed from the bytes: image/jpeg, image/png or image/gif. */
  mimeType: z.string(),
  byteLength: z.number().int().nonnegative(),
})

/**
 * A canned response; `ownerUsername` null = a team reply, managed by supervisors. With an `image`, the
 * reply sends that picture and `body` only describes it (what the menu shows and searches).
 */
/**
 * A canned reply that sends a card: an article (its `body` is the card's description) or a mini-program
 * card, whose thumbnail is the reply's picture.
 */
export const cannedCardSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('news'), title: z.string().min(1).max(64), url: z.url(), pictureUrl: z.url() }),
  z.object({
    type: z.literal('miniprogrampage'),
    title: z.string().min(1).max(64),
    appId: z.string().regex(/^wx[0-9a-f]{16}$/i),
    pagePath: z.string().min(1).max(512),
  }),
])

export const cannedResponseSchema = z.object({
  id,
  shortCode: z.string(),
  body: z.string(),
  ownerUsername: z.string().nullable(),
  // A relay from before picture replies sends none.
  image: cannedImageSchema.nullable().default(null),
  /** The official accounts whose conversations it is offered in; empty (and before accounts) for all. */
  accountKeys: accountKeysSchema,
  /** The card it sends, if it is a card reply (a relay from before cards sends none). */
  card: cannedCardSchema.nullable().default(null),
})

/** A Kefu user as other users see them (never a secret). */
export const userSchema = z.object({
  username,
  displayName: z.string(),
  /** Roles, enforced by the relay: agent < supervisor < admin. */
  role: z.enum(['agent', 'supervisor', 'admin']),
  isDisabled: z.boolean(),
  /** WeChat kf persona (`prefix@account`) used as `customservice.kf_account` on sends. */
  kfAccount: z.string().nullable(),
  teamId: z.string().nullable(),
})

/** A team of users; its settings decide how agents share and receive conversations. */
/** A team's rescue of conversations whose window closes unanswered (common/domain/window-rescue.ts). */
export const windowRescueSchema = z.object({
  minutesBefore: z.number().int().min(5).max(1440),
  action: z.enum(['notify', 'queue', 'reassign']),
  reclaimOfflineAfterMinutes: z.number().int().min(5).max(10_080).nullable(),
})

/** HH:MM on a 24-hour clock. */
export const clockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')

/** An IANA time zone this runtime knows. */
export const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}, 'an IANA time zone such as Asia/Shanghai')

/** A team's calendar (common/domain/business-hours.ts). */
export const businessHoursSchema = z.object({
  timeZone: timeZoneSchema,
  /** Opening intervals, 0 = Sunday; one ending before it starts runs past midnight. */
  weekly: z
    .array(z.object({ day: z.number().int().min(0).max(6), start: clockSchema, end: clockSchema }))
    .max(28),
  /** Local dates (YYYY-MM-DD) the team is closed. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).max(366),
})

const slaMinutes = z.number().int().min(1).max(10_080).nullable()

/** Response-time targets (common/domain/sla.ts); null targets are not measured. */
export const slaTargetsSchema = z.object({
  firstResponseMinutes: slaMinutes,
  nextResponseMinutes: slaMinutes,
})

/** A team's SLA: its targets, counted in business hours or not, and tighter or looser ones per tag. */
export const slaPolicySchema = slaTargetsSchema.extend({
  /** Count only the team's open time (its business hours) against the targets. */
  isBusinessHours: z.boolean(),
  byTag: z.array(slaTargetsSchema.extend({ tagId: id })).max(50),
})

/** Asking the follower for a rating when a ticket is resolved (relay/satisfaction). */
export const satisfactionPolicySchema = z.object({
  isEnabled: z.boolean(),
  /** The team's words, sent as they are (both languages in one text by default). */
  question: z.string().trim().min(1).max(600),
  /** A rating counts only if the follower answers within this many hours of the question. */
  answerWithinHours: z.number().int().min(1).max(48),
})

export const teamSchema = z.object({
  id,
  name: z.string(),
  /** Agents of the team also see and work conversations held by teammates. */
  isSharingConversations: z.boolean(),
  /** New or reopened unassigned conversations go to the team's least-loaded online agent. */
  isAutoAssigning: z.boolean(),
  /** Open conversations an agent may hold before auto-assignment skips them; null = no cap. */
  agentCap: z.number().int().positive().nullable(),
  /**
   * The official accounts whose conversations the team answers; empty for every account. Its members
   * see, and act on, only those accounts' conversations.
   */
  accountKeys: z.array(z.string().regex(ACCOUNT_KEY_PATTERN)).default([]),
  /** What the relay does before a reply window closes unanswered; null (and before it existed): the defaults. */
  windowRescue: windowRescueSchema.nullable().default(null),
  /**
   * Resolve a conversation of the team's agents after this many hours in which the follower wrote
   * nothing after the team's last reply; null (the default): never.
   */
  autoResolveAfterHours: z.number().int().min(1).max(720).nullable().default(null),
  /** The team's calendar; null (and before calendars existed): open around the clock. */
  businessHours: businessHoursSchema.nullable().default(null),
  /** Response-time targets; null: none. */
  sla: slaPolicySchema.nullable().default(null),
  /** The rating question on resolving; null: never asked. */
  satisfaction: satisfactionPolicySchema.nullable().default(null),
})

/** What an agent shows the team: set by hand or by idle detection; `offline` is the relay's verdict. */
const presenceStatusSchema = z.enum(['online', 'away', 'offline'])

/** One user's presence as everyone sees it. */
export const agentPresenceSchema = z.object({
  username,
  status: presenceStatusSchema,
  /** Epoch ms of the last change of `status`. */
  since: epoch,
})

/** Who is looking at a conversation right now: a soft mark so two people do not start typing at once. */
export const conversationViewersSchema = z.object({ conversationId: id, usernames: z.array(z.string()) })

/** One agent's line on the board. */
export const boardAgentSchema = z.object({
  username,
  displayName: z.string(),
  teamId: z.string().nullable(),
  status: presenceStatusSchema,
  /** Conversations assigned to them that are not resolved. */
  openCount: z.number().int().nonnegative(),
  /** Their team's cap; null = none. */
  cap: z.number().int().positive().nullable(),
})

/** A conversation waiting in the unassigned queue. */
export const boardQueueItemSchema = z.object({
  conversationId: id,
  /** Epoch ms since the follower's latest message; null when they never wrote. */
  waitingSince: epoch.nullable(),
  waitingMs: z.number().finite(),
})

/** A conversation whose reply window closes soon, and who holds it. */
export const boardExpiringItemSchema = z.object({
  conversationId: id,
  assignee: z.string().nullable(),
  expiresAt: epoch,
  messagesLeft: z.number().int().nullable(),
  /** What opened the window: `event` windows last a minute and belong to auto-replies. */
  kind: windowOpenerSchema,
})

/** The supervisors' live board. */
export const boardSchema = z.object({
  at: epoch,
  agents: z.array(boardAgentSchema),
  /** Oldest first. */
  queue: z.array(boardQueueItemSchema),
  /** Soonest first: open windows closing within the hour. */
  expiring: z.array(boardExpiringItemSchema),
  /** Unresolved conversations per tag id. */
  tagCounts: z.record(z.string(), z.number().int().nonnegative()),
})
