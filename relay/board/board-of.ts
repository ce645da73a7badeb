import { conversationKeyOf } from '../../common/domain/account.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  messagesLeft,
  replyWindowAt,
  type ReplyWindowOf,
} from '../../common/domain/reply-window.js'
import type { Board, BoardExpiringItem, PresenceStatus, Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { ConversationLoadRow } from '../store/board-repository.js'

/** The board lists windows closing within this horizon. */
export const EXPIRY_HORIZON_MS = 60 * 60 * 1000

/** What the board is computed from: rows the store read and presence the relay tracks. */
export interface BoardInputs {
  readonly users: readonly User[]
  readonly teams: readonly Team[]
  readonly statusOf: (username: string) => PresenceStatus
  /** Unresolved conversations per assignee. */
  readonly openCounts: ReadonlyMap<string, number>
  /** Unassigned unresolved conversations, longest waiting first. */
  readonly queue: readonly ConversationLoadRow[]
  /** Unresolved conversations that may hold an open window. */
  readonly active: readonly ConversationLoadRow[]
  readonly tagCounts: ReadonlyMap<string, number>
  readonly now: number
  readonly replyWindowOf?: ReplyWindowOf
}

/**
 * The supervisors' board: every active agent and supervisor with status and load (and anyone else
 * still holding conversations), the queue with waiting times, windows closing within the hour and who
 * holds them, and unresolved counts per tag.
 */
export function boardOf(inputs: BoardInputs): Board {
  const { now } = inputs
  const capOf = new Map(inputs.teams.map((team) => [team.id, team.agentCap]))
  const agents = inputs.users
    .filter(
      (user) =>
        (!user.isDisabled && user.role !== 'admin') || (inputs.openCounts.get(user.username) ?? 0) > 0,
    )
    .map((user) => ({
      username: user.username,
      displayName: user.displayName,
      teamId: user.teamId,
      status: inputs.statusOf(user.username),
      openCount: inputs.openCounts.get(user.username) ?? 0,
      cap: user.teamId === null ? null : (capOf.get(user.teamId) ?? null),
    }))
  const queue = inputs.queue.map((row) => ({
    conversationId: row.id,
    waitingSince: row.lastIncomingAt,
    waitingMs: row.lastIncomingAt === null ? 0 : Math.max(0, now - row.lastIncomingAt),
  }))
  const expiring: BoardExpiringItem[] = []
  for (const row of inputs.active) {
    const config = inputs.replyWindowOf?.(conversationKeyOf(row.id).accountKey) ?? DEFAULT_REPLY_WINDOW_CONFIG
    const window = replyWindowAt(row.windowHistory, now, config)
    if (window.state !== 'open' || window.expiresAt === null || window.kind === null) continue
    if (window.expiresAt - now > EXPIRY_HORIZON_MS) continue
    expiring.push({
      conversationId: row.id,
      assignee: row.assignee,
      expiresAt: window.expiresAt,
      messagesLeft: messagesLeft(window),
      kind: window.kind,
    })
  }
  expiring.sort((a, b) => a.expiresAt - b.expiresAt || a.conversationId.localeCompare(b.conversationId))
  return { at: now, agents, queue, expiring, tagCounts: Object.fromEntries(inputs.tagCounts) }
}
