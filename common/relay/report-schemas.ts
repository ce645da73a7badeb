import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'
import { timeZoneSchema } from './entity-schemas.js'

const epoch = z.coerce.number().int().nonnegative()
const DAY = 86_400_000
/** The longest range a report covers: a year, with a day to spare for time zones. */
export const LONGEST_REPORT_MS = 367 * DAY

/**
 * `GET /api/reports` query: the range [from, to) in epoch ms, the time zone its days and hours are
 * read in, and filters. Supervisors see their team's figures, agents their own, whatever they ask.
 */
export const reportQuerySchema = z
  .object({
    from: epoch,
    to: epoch,
    timeZone: timeZoneSchema.default('Asia/Shanghai'),
    accountKey: z.string().regex(ACCOUNT_KEY_PATTERN).optional(),
    teamId: z.string().min(1).max(128).optional(),
    username: z.string().min(1).max(64).optional(),
    tagId: z.string().min(1).max(128).optional(),
  })
  .refine((query) => query.to > query.from, { message: '`to` must come after `from`', path: ['to'] })
  .refine((query) => query.to - query.from <= LONGEST_REPORT_MS, {
    message: 'a report covers at most a year',
    path: ['to'],
  })

/** Median and 90th percentile of durations, in wall-clock and business-hours ms (null: none measured). */
const durationsSchema = z.object({
  count: z.number().int().nonnegative(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
  businessMedianMs: z.number().nullable(),
  businessP90Ms: z.number().nullable(),
})

const agentLineSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  /** Tickets opened in the range that the agent held or first answered. */
  handled: z.number().int().nonnegative(),
  /** Tickets resolved in the range while the agent held them. */
  resolved: z.number().int().nonnegative(),
  firstResponseMedianMs: z.number().nullable(),
  /** Unresolved conversations held now. */
  openLoad: z.number().int().nonnegative(),
  /** Time online within the range. */
  onlineMs: z.number().nonnegative(),
})

const tagLineSchema = z.object({
  tagId: z.string(),
  name: z.string(),
  /** Tickets opened in the range carrying the tag. */
  tickets: z.number().int().nonnegative(),
  firstResponseMedianMs: z.number().nullable(),
  resolutionMedianMs: z.number().nullable(),
})

/** `GET /api/reports` answer: every figure of the Reports screen for the range and filters. */
export const reportSchema = z.object({
  from: z.number(),
  to: z.number(),
  timeZone: z.string(),
  /** The filters in force after the viewer's role narrowed them. */
  scope: z.object({
    accountKey: z.string().nullable(),
    teamId: z.string().nullable(),
    username: z.string().nullable(),
    tagId: z.string().nullable(),
  }),
  totals: z.object({
    conversationsOpened: z.number().int().nonnegative(),
    ticketsOpened: z.number().int().nonnegative(),
    ticketsResolved: z.number().int().nonnegative(),
    /** Tickets opened in the range that were reopened after a resolution. */
    ticketsReopened: z.number().int().nonnegative(),
    messagesIn: z.number().int().nonnegative(),
    messagesOut: z.number().int().nonnegative(),
  }),
  /** Of tickets opened in the range: opening to the first agent reply. */
  firstResponse: durationsSchema,
  /** Of tickets resolved in the range: opening to resolution. */
  resolution: durationsSchema,
  sla: z.object({
    firstResponseBreaches: z.number().int().nonnegative(),
    nextResponseBreaches: z.number().int().nonnegative(),
  }),
  /** WeChat's 48-hour window: what no other console reports. */
  window: z.object({
    /** Tickets whose window closed in the range before any agent reply. */
    lost: z.number().int().nonnegative(),
    /** Agents' replies sent in the window's last hour. */
    saved: z.number().int().nonnegative(),
    /** Agents' sends refused because the window's quota was spent. */
    quotaRefusals: z.number().int().nonnegative(),
    /** Template messages sent (the way back to a follower whose window closed). */
    templates: z.number().int().nonnegative(),
  }),
  satisfaction: z.object({
    asked: z.number().int().nonnegative(),
    rated: z.number().int().nonnegative(),
    average: z.number().nullable(),
    /** Ratings 1 to 5, in that order. */
    distribution: z.array(z.number().int().nonnegative()).length(5),
    /** rated / asked, null when nobody was asked. */
    responseRate: z.number().nullable(),
  }),
  agents: z.array(agentLineSchema),
  tags: z.array(tagLineSchema),
  /** Followers' messages by weekday (0 = Sunday) and hour of day, in the report's time zone. */
  heatmap: z.array(z.array(z.number().int().nonnegative()).length(24)).length(7),
  /** Per local day: tickets opened and resolved, messages in. */
  daily: z.array(
    z.object({
      date: z.string(),
      opened: z.number().int().nonnegative(),
      resolved: z.number().int().nonnegative(),
      messagesIn: z.number().int().nonnegative(),
    }),
  ),
})
