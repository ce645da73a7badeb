import { z } from 'zod'
import { AUDIT_ACTIONS } from '../domain/audit.js'

/**
 * The data the team owns, over REST: the audit log (`GET /api/audit-log`) and the erasure of one
 * follower (`DELETE /api/conversations/:id`). The relay parses requests and the desktop parses answers
 * with these.
 */

/** `GET /api/audit-log` query: newest first; `before` is the `next` of the previous page. */
export const auditLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
})

/** One audit entry as the relay answers it. */
export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  actor: z.string().min(1),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
})

/** `GET /api/audit-log` answer. */
export const auditLogPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for older entries; null at the end. */
  next: z.number().int().positive().nullable(),
})

/** `GET /api/audit-log` answer. */
export type AuditLogPage = z.infer<typeof auditLogPageSchema>

/** `DELETE /api/conversations/:id` answer: what was erased of the follower. */
export const erasureReportSchema = z.object({
  conversationId: z.string().min(1),
  messages: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
})

/** `DELETE /api/conversations/:id` answer. */
export type ErasureReport = z.infer<typeof erasureReportSchema>
