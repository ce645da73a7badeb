import type { WindowOpener } from './reply-window.js'

/** A team of users; its settings decide how agents share and receive conversations. */
export interface Team {
  readonly id: string
  readonly name: string
  /** Agents of the team also see and work conversations held by teammates. */
  readonly isSharingConversations: boolean
  /** New or reopened unassigned conversations go to the team's least-loaded online agent. */
  readonly isAutoAssigning: boolean
  /** Open conversations an agent may hold before auto-assignment skips them; null = no cap. */
  readonly agentCap: number | null
}

/** What an agent shows the team: set by hand or by idle detection; `offline` is the relay's verdict. */
export type PresenceStatus = 'online' | 'away' | 'offline'

/** One user's presence as everyone sees it. */
export interface AgentPresence {
  readonly username: string
  readonly status: PresenceStatus
  /** Epoch ms of the last change of `status`. */
  readonly since: number
}

/** Who is looking at a conversation right now: a soft mark so two people do not start typing at once. */
export interface ConversationViewers {
  readonly conversationId: string
  readonly usernames: readonly string[]
}

/** One agent's line on the board. */
export interface BoardAgent {
  readonly username: string
  readonly displayName: string
  readonly teamId: string | null
  readonly status: PresenceStatus
  /** Conversations assigned to them that are not resolved. */
  readonly openCount: number
  /** Their team's cap; null = none. */
  readonly cap: number | null
}

/** A conversation waiting in the unassigned queue. */
export interface BoardQueueItem {
  readonly conversationId: string
  /** Epoch ms since the follower's latest message; null when they never wrote. */
  readonly waitingSince: number | null
  readonly waitingMs: number
}

/** A conversation whose reply window closes soon, and who holds it. */
export interface BoardExpiringItem {
  readonly conversationId: string
  readonly assignee: string | null
  readonly expiresAt: number
  readonly messagesLeft: number | null
  /** What opened the window: `event` windows last a minute and belong to auto-replies. */
  readonly kind: WindowOpener
}

/** The supervisors' live board. */
export interface Board {
  readonly at: number
  readonly agents: readonly BoardAgent[]
  /** Oldest first. */
  readonly queue: readonly BoardQueueItem[]
  /** Soonest first: open windows closing within the hour. */
  readonly expiring: readonly BoardExpiringItem[]
  /** Unresolved conversations per tag id. */
  readonly tagCounts: Readonly<Record<string, number>>
}
