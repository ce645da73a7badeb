import { z } from 'zod'
import {
  businessHoursSchema,
  satisfactionPolicySchema,
  slaPolicySchema,
  windowRescueSchema,
} from './entity-schemas.js'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'

/**
 * Requests of the shared-state commands beyond common/relay/schemas: teams, user administration,
 * bulk assignment and handover, presence and viewing marks. The relay parses every one with these.
 */

const id = z.string().min(1).max(128)
const username = z.string().min(1).max(64)
const handoverNote = z.string().trim().min(1).max(2000)
const teamAccountKeys = z
  .array(z.string().regex(ACCOUNT_KEY_PATTERN, 'must be an account key'))
  .max(100)
  .transform((keys) => [...new Set(keys)])

/** `POST /api/teams` (admins). */
export const createTeamRequestSchema = z.object({
  name: z.string().trim().min(1).max(64),
  isSharingConversations: z.boolean().default(false),
  isAutoAssigning: z.boolean().default(false),
  agentCap: z.number().int().min(1).max(1000).nullable().default(null),
  /** The accounts the team answers for; empty (the default) for every account. */
  accountKeys: teamAccountKeys.default([]),
  /** Its rescue of conversations whose window closes unanswered; null (the default): the relay's defaults. */
  windowRescue: windowRescueSchema.nullable().default(null),
  /** Hours of follower silence after the team's reply before the relay resolves it; null (the default): never. */
  autoResolveAfterHours: z.number().int().min(1).max(720).nullable().default(null),
  /** Its calendar; null (the default): open around the clock. */
  businessHours: businessHoursSchema.nullable().default(null),
  /** Its response-time targets; null (the default): none. */
  sla: slaPolicySchema.nullable().default(null),
  /** Its rating question on resolving; null (the default): never asked. */
  satisfaction: satisfactionPolicySchema.nullable().default(null),
})

/** `PATCH /api/teams/:id` (admins): only the fields sent change. */
export const updateTeamRequestSchema = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  isSharingConversations: z.boolean().optional(),
  isAutoAssigning: z.boolean().optional(),
  agentCap: z.number().int().min(1).max(1000).nullable().optional(),
  accountKeys: teamAccountKeys.optional(),
  windowRescue: windowRescueSchema.nullable().optional(),
  autoResolveAfterHours: z.number().int().min(1).max(720).nullable().optional(),
  businessHours: businessHoursSchema.nullable().optional(),
  sla: slaPolicySchema.nullable().optional(),
  satisfaction: satisfactionPolicySchema.nullable().optional(),
})

/** `PATCH /api/users/:username` (admins): only the fields sent change. */
export const updateUserRequestSchema = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: z.enum(['agent', 'supervisor', 'admin']).optional(),
  teamId: id.nullable().optional(),
  kfAccount: z.string().max(64).nullable().optional(),
  /** Disabling ends the user's sessions and sockets at once. */
  isDisabled: z.boolean().optional(),
  /** A new password; every existing session of the user ends. */
  password: z.string().min(8).max(256).optional(),
})

/** `POST /api/conversations/bulk-assign` and the socket's `conversations:bulk-assign`: all or nothing. */
export const bulkAssignRequestSchema = z.object({
  conversations: z
    .array(z.object({ conversationId: id, version: z.number().int().nonnegative() }))
    .min(1)
    .max(500),
  assignee: username.nullable(),
  /** Shown to the receiving agent as a handover note in each conversation. */
  note: handoverNote.optional(),
})

/** `POST /api/users/:username/handover`: the user's open conversations to someone else or the queue. */
export const handoverRequestSchema = z.object({
  assignee: username.nullable(),
  /** Only these of the user's open conversations; all of them when absent. */
  conversationIds: z.array(id).max(500).optional(),
  note: handoverNote.optional(),
})

/** `presence:set`: also the heartbeat; the relay marks a silent desktop offline. */
export const presenceRequestSchema = z.object({ status: z.enum(['online', 'away']) })

/** `conversation:view`: the desktop opened (or left) a conversation. */
export const viewingRequestSchema = z.object({ conversationId: id, isViewing: z.boolean() })

export type CreateTeamRequest = z.infer<typeof createTeamRequestSchema>
export type UpdateTeamRequest = z.infer<typeof updateTeamRequestSchema>
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>
export type BulkAssignRequest = z.infer<typeof bulkAssignRequestSchema>
export type HandoverRequest = z.infer<typeof handoverRequestSchema>
export type PresenceRequest = z.infer<typeof presenceRequestSchema>
export type ViewingRequest = z.infer<typeof viewingRequestSchema>
