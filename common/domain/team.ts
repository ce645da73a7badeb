import type {
  agentPresenceSchema,
  boardAgentSchema,
  boardExpiringItemSchema,
  boardQueueItemSchema,
  boardSchema,
  conversationViewersSchema,
  teamSchema,
} from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/* What the relay shares of teams and live state: each type is what its schema in the contract parses. */

/** A team of users; its settings decide how agents share and receive conversations. */
export type Team = Wire<typeof teamSchema>

/** What an agent shows the team: set by hand or by idle detection; `offline` is the relay's verdict. */
export type PresenceStatus = AgentPresence['status']

/** One user's presence as everyone sees it. */
export type AgentPresence = Wire<typeof agentPresenceSchema>

/** Who is looking at a conversation right now: a soft mark so two people do not start typing at once. */
export type ConversationViewers = Wire<typeof conversationViewersSchema>

/** One agent's line on the board. */
export type BoardAgent = Wire<typeof boardAgentSchema>

/** A conversation waiting in the unassigned queue. */
export type BoardQueueItem = Wire<typeof boardQueueItemSchema>

/** A conversation whose reply window closes soon, and who holds it. */
export type BoardExpiringItem = Wire<typeof boardExpiringItemSchema>

/** The supervisors' live board. */
export type Board = Wire<typeof boardSchema>
