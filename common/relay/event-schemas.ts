import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'
import { replyWindowSchema } from './reply-window-schema.js'
import {
  cannedResponseSchema,
  conversationSchema,
  messageSchema,
  tagSchema,
  teamSchema,
  userSchema,
} from './entity-schemas.js'

/**
 * What the relay's socket says, as data: each event of its log, and the payload of every other push.
 * The desktop parses what it receives with these, the types in events.ts are inferred from them.
 */

const id = z.string().min(1).max(256)
const seq = z.number().int().positive()
const head = { seq, at: z.number().finite().nonnegative() }

/**
 * One event of the relay's log, as the desktop parses it before applying it. Every change to shared
 * state is one event with a monotonically increasing `seq`; each carries the whole entity after the
 * change, so applying it twice is harmless and the desktop's cursor is simply the last `seq` applied.
 * An event that does not parse is refused and reported, never applied.
 */
export const relayEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...head,
    type: z.literal('message.created'),
    message: messageSchema,
    conversation: conversationSchema,
  }),
  z.object({
    ...head,
    type: z.literal('message.updated'),
    message: messageSchema,
    conversation: conversationSchema,
  }),
  z.object({
    ...head,
    type: z.literal('conversation.updated'),
    conversation: conversationSchema,
    /** Present when the assignee changed: whoever held it before is told it left them. */
    previousAssignee: z.string().nullable().optional(),
  }),
  z.object({ ...head, type: z.literal('tag.upserted'), tag: tagSchema }),
  z.object({ ...head, type: z.literal('canned-response.upserted'), cannedResponse: cannedResponseSchema }),
  z.object({
    ...head,
    type: z.literal('canned-response.deleted'),
    cannedResponseId: id,
    /** Whose personal reply it was (null: a team reply), so only those who saw it hear of it. */
    ownerUsername: z.string().nullable().optional(),
  }),
  z.object({ ...head, type: z.literal('user.upserted'), user: userSchema }),
  /** An admin created or changed a team: who sees what follows its sharing and accounts. */
  z.object({ ...head, type: z.literal('team.upserted'), team: teamSchema }),
  /** An admin added, renamed, enabled or disabled an official account: relays and desktops follow it. */
  z.object({
    ...head,
    type: z.literal('account.upserted'),
    account: z.object({
      key: z.string().regex(ACCOUNT_KEY_PATTERN),
      name: z.string(),
      isEnabled: z.boolean(),
    }),
  }),
  /**
   * An admin erased the follower: desktops drop the conversation, its messages, drafts and search
   * entries. The relay removed every earlier event of the conversation from its log, so this is all a
   * replay from an older cursor says of it.
   */
  z.object({ ...head, type: z.literal('conversation.erased'), conversationId: id }),
  /**
   * The relay's retention deleted every message created before `before` (epoch ms) and the previews
   * of those messages: desktops delete the same, by the same rule (see relay/retention).
   */
  z.object({ ...head, type: z.literal('messages.expired'), before: z.number().finite().nonnegative() }),
])

/** `auth` of the socket.io handshake, as the relay parses it: the session token and the last `seq` applied. */
export const handshakeSchema = z.object({
  token: z.string().min(1).max(256),
  cursor: z.number().int().nonnegative(),
  /**
   * The log the cursor belongs to (`sync:started` named it). A cursor of another log, past the head, or
   * above 0 without a log id is not trusted: the relay answers `sync:reset` and starts the desktop over.
   */
  logId: z.string().min(1).max(128).optional(),
  /**
   * This desktop applies `snapshot:*`: from cursor 0, or far behind, the relay sends the current state
   * instead of the whole log. Absent: the log is replayed from the cursor whatever its length.
   */
  canReceiveSnapshot: z.boolean().optional(),
})

/**
 * `sync:started`: the identity of the relay's log, the reply window it enforces and the accounts it
 * serves. A relay older than `replyWindow` sends none.
 */
export const syncStartedSchema = z.object({
  logId: z.string().min(1),
  replyWindow: replyWindowSchema.optional(),
  /** The official accounts the relay serves (a relay older than accounts names none). */
  accounts: z.lazy(() => accountSummariesSchema).optional(),
})

/** The accounts of `sync:started`: key and name, never a secret. */
export const accountSummariesSchema = z.array(
  z.object({
    key: z.string().regex(ACCOUNT_KEY_PATTERN),
    name: z.string().min(1).max(64),
    replyWindow: replyWindowSchema.optional(),
  }),
)

/** `sync:caught-up`: the replay reached the head of the log, `cursor`. */
export const syncCaughtUpSchema = z.object({ cursor: z.number().int().nonnegative() })

/** `sync:reset`: the log's head and identity (a relay older than log identities names none). */
export const syncResetSchema = z.object({
  head: z.number().int().nonnegative(),
  logId: z.string().min(1).optional(),
})

/** `snapshot:begun`: the log head the snapshot was read at, and how many entities its pages will carry. */
export const snapshotStartSchema = z.object({
  seq,
  conversations: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  /**
   * The latest retention cutoff in the log up to `seq`: the desktop skips that `messages.expired`, so it
   * drops what it holds from before it (absent: no retention pass yet).
   */
  expiredBefore: z.number().int().optional(),
})

/**
 * One page of a snapshot: current state, not history. Conversations and messages are those the user may
 * see now, messages in the relay's arrival order. Tags, canned responses and users come on the first page
 * only, each the whole set: what a set does not list is gone.
 */
export const snapshotPageSchema = z.object({
  conversations: z.array(conversationSchema),
  /**
   * Each a `Message` as JSON text (`messageSchema`): the relay writes it straight from its row and the
   * desktop, once it validated it, stores that text. Most of a snapshot is messages; this spares a
   * serialization on each side.
   */
  messages: z.array(z.string()),
  tags: z.array(tagSchema).optional(),
  cannedResponses: z.array(cannedResponseSchema).optional(),
  users: z.array(userSchema).optional(),
})

/** `snapshot:ended`: every page was sent, the desktop's cursor becomes `seq`. */
export const snapshotEndSchema = z.object({ seq })

/** `session:revoked`: why the session ended at the relay. */
export const sessionRevokedSchema = z.object({ reason: z.string() })
