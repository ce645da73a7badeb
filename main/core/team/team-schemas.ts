import { z } from 'zod'

/**
 * What main accepts from the relay about teams, presence, viewing marks and the board. The relay is
 * trusted to be honest, not to be current: a push that does not parse is reported, never shown.
 */

const id = z.string().min(1).max(256)
const epoch = z.number().finite().nonnegative()
const presenceStatus = z.enum(['online', 'away', 'offline'])

/** A team with its settings. */
export const teamSchema = z.object({
  id,
  name: z.string(),
  isSharingConversations: z.boolean(),
  isAutoAssigning: z.boolean(),
  agentCap: z.number().int().positive().nullable(),
})

/** One user's presence. */
export const agentPresenceSchema = z.object({
  username: z.string().min(1),
  status: presenceStatus,
  since: epoch,
})

/** Who views a conversation now. */
export const conversationViewersSchema = z.object({ conversationId: id, usernames: z.array(z.string()) })

/** The supervisors' board. */
export const boardSchema = z.object({
  at: epoch,
  agents: z.array(
    z.object({
      username: z.string().min(1),
      displayName: z.string(),
      teamId: z.string().nullable(),
      status: presenceStatus,
      openCount: z.number().int().nonnegative(),
      cap: z.number().int().positive().nullable(),
    }),
  ),
  queue: z.array(
    z.object({ conversationId: id, waitingSince: epoch.nullable(), waitingMs: z.number().finite() }),
  ),
  expiring: z.array(
    z.object({
      conversationId: id,
      assignee: z.string().nullable(),
      expiresAt: epoch,
      messagesLeft: z.number().int().nullable(),
      kind: z.enum(['message', 'event', 'payment']),
    }),
  ),
  tagCounts: z.record(z.string(), z.number().int().nonnegative()),
})
