import { z } from 'zod'
import { clockSchema as clock, timeZoneSchema as timeZone } from './entity-schemas.js'

const replyText = z.string().trim().min(1).max(2000)
/** The auto-reply rules admins edit (`PUT /api/auto-replies`). */
export const autoReplyRulesSchema = z.object({
  welcome: z.object({
    /** Sent on a plain follow, or a follow through a QR scene without its own text. */
    defaultText: replyText.nullable(),
    /** By QR scene value (without the `qrscene_` prefix WeChat adds on follow). */
    byScene: z.record(z.string().min(1).max(64), replyText),
  }),
  /** Menu CLICK replies by EventKey. */
  menu: z.record(z.string().min(1).max(128), replyText),
  /** Keyword replies; exact matches win over contains, then list order. Case-insensitive. */
  keywords: z
    .array(
      z.object({
        match: z.enum(['exact', 'contains']),
        keyword: z.string().trim().min(1).max(64),
        text: replyText,
      }),
    )
    .max(200),
  offHours: z.object({
    isEnabled: z.boolean(),
    timeZone,
    /** Working days, 0 = Sunday … 6 = Saturday. */
    days: z.array(z.number().int().min(0).max(6)).max(7),
    start: clock,
    end: clock,
    text: replyText,
    /** A follower gets the off-hours reply at most once per this many minutes. */
    cooldownMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
})

/** The auto-reply rules. */
export type AutoReplyRules = z.infer<typeof autoReplyRulesSchema>

/** What a fresh relay starts with: every rule empty or off (the off-hours text is a starting point). */
export const DEFAULT_AUTO_REPLY_RULES: AutoReplyRules = {
  // Nothing is sent until an admin writes a welcome: a relay must not talk to followers on its own.
  welcome: { defaultText: null, byScene: {} },
  menu: {},
  keywords: [],
  offHours: {
    isEnabled: false,
    timeZone: 'Asia/Shanghai',
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    text: '您好，现在是非工作时间，我们会在工作时间尽快回复您。We are away right now and will answer during working hours.',
    cooldownMinutes: 60,
  },
}

/** `GET|PUT /api/auto-replies` answer: the rules with who saved them last, and when (null: never saved). */
export const storedAutoReplyRulesSchema = z.object({
  rules: autoReplyRulesSchema,
  updatedAt: z.number().int().nonnegative().nullable(),
  updatedBy: z.string().nullable(),
  /** The account they are for; null: every account without rules of its own. */
  accountKey: z.string().nullable().default(null),
  /** The account has none of its own: these are every account's (or the defaults). */
  isInherited: z.boolean().default(false),
})
