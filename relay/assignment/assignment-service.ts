import { conversationKeyOf } from '../../common/domain/account.js'
import type { Conversation } from '../../common/domain/conversation.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  replyWindowAt,
  type ReplyWindowOf,
} from '../../common/domain/reply-window.js'
import type { PresenceStatus, Team } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { BulkAssignRequest, HandoverRequest } from '../../common/relay/shared-state-schemas.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore, StoreAccess } from '../store/relay-store.js'
import {
  applyAssignment,
  assignConversation,
  checkAssignment,
  type AssignCommand,
} from './assign-conversation.js'
import { chooseAgent, type AgentLoad } from './choose-agent.js'
import { conflictDetailsOf, type ConflictDetails } from './conflict-error.js'

/** Claims, reassignments, bulk moves, shift-end handovers and auto-assignment: one transaction each. */
export interface AssignmentService {
  /** Claim, reassign or return to the queue, compare-and-set on `version`. */
  assign(actor: User, conversationId: string, assignee: string | null, version: number): Promise<Conversation>
  /** All or nothing: one stale version and nothing moves (`conflict` lists every stale one). */
  bulkAssign(actor: User, request: BulkAssignRequest): Promise<Conversation[]>
  /** A user's unresolved conversations, the window closing soonest first (closed windows last). */
  openConversationsOf(actor: User, username: string): Promise<Conversation[]>
  /** Moves a user's unresolved conversations (or the listed ones) to someone else or the queue at once. */
  handover(actor: User, username: string, request: HandoverRequest): Promise<Conversation[]>
  /** Routes the queue of auto-assigning teams to their online agents; answers what it assigned. */
  autoAssign(): Promise<Conversation[]>
}

/** Collaborators of the assignment service. */
export interface AssignmentServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
  readonly statusOf: (username: string) => PresenceStatus
  readonly replyWindowOf?: ReplyWindowOf
}

/** Creates the assignment service. */
export function createAssignmentService(dependencies: AssignmentServiceDependencies): AssignmentService {
  const { store, now, statusOf } = dependencies
  const replyWindowOf = dependencies.replyWindowOf ?? (() => DEFAULT_REPLY_WINDOW_CONFIG)

  function expiryOf(conversation: Conversation, at: number): number {
    const window = replyWindowAt(conversation.windowHistory, at, replyWindowOf(conversation.accountKey))
    return window.state === 'open' && window.expiresAt !== null ? window.expiresAt : Number.POSITIVE_INFINITY
  }

  async function openOf(username: string): Promise<Conversation[]> {
    const at = now()
    const held: (Conversation | null)[] = []
    for (const row of await store.board.openOf(username)) held.push(await store.conversations.get(row.id))
    return held
      .filter((conversation): conversation is Conversation => conversation !== null)
      .map((conversation) => ({ conversation, expiresAt: expiryOf(conversation, at) }))
      .sort(
        (a, b) =>
          a.expiresAt - b.expiresAt ||
          (a.conversation.lastIncomingAt ?? 0) - (b.conversation.lastIncomingAt ?? 0) ||
          a.conversation.id.localeCompare(b.conversation.id),
      )
      .map((entry) => entry.conversation)
  }

  function assignAll(commands: readonly AssignCommand[]): Promise<Conversation[]> {
    return store.commit(async (tx, events) => {
      const conflicts: ConflictDetails[] = []
      const checked: Conversation[] = []
      for (const command of commands) {
        try {
          checked.push(await checkAssignment(tx, command))
        } catch (error) {
          if (!(error instanceof RelayError) || error.code !== 'conflict') throw error
          const current = await tx.conversations.get(command.conversationId)
          if (current !== null) conflicts.push(await conflictDetailsOf(tx, current))
        }
      }
      if (conflicts.length > 0) {
        throw new RelayError(
          'conflict',
          `${conflicts.length} of the conversations changed meanwhile; nothing was moved.`,
          { conflicts },
        )
      }
      const moved: Conversation[] = []
      for (const [index, command] of commands.entries())
        moved.push(await applyAssignment(tx, events, checked[index]!, command))
      return moved
    })
  }

  async function checkCanSeeHoldings(actor: User, username: string): Promise<void> {
    if (actor.username !== username && !can(actor, 'conversation:assign')) {
      throw new RelayError('forbidden', "Only supervisors see and move other people's conversations.")
    }
    if ((await store.users.get(username)) === null) throw new RelayError('not_found', `No user ${username}.`)
  }

  return {
    assign(actor, conversationId, assignee, version) {
      return store.commit(
        async (tx, events) =>
          await assignConversation(tx, events, { actor, conversationId, assignee, version, at: now() }),
      )
    },
    async bulkAssign(actor, request) {
      const ids = request.conversations.map((item) => item.conversationId)
      if (new Set(ids).size !== ids.length) throw new RelayError('invalid', 'A conversation is listed twice.')
      const at = now()
      return assignAll(
        request.conversations.map((item) => ({
          actor,
          conversationId: item.conversationId,
          assignee: request.assignee,
          version: item.version,
          at,
          ...(request.note === undefined ? {} : { note: request.note }),
        })),
      )
    },
    async openConversationsOf(actor, username) {
      await checkCanSeeHoldings(actor, username)
      return openOf(username)
    },
    async handover(actor, username, request) {
      await checkCanSeeHoldings(actor, username)
      const held = await openOf(username)
      let chosen = held
      if (request.conversationIds !== undefined) {
        const heldIds = new Set(held.map((conversation) => conversation.id))
        const strangers = request.conversationIds.filter((id) => !heldIds.has(id))
        if (strangers.length > 0) {
          throw new RelayError('invalid', `${username} does not hold ${strangers.join(', ')}.`, { strangers })
        }
        const wanted = new Set(request.conversationIds)
        chosen = held.filter((conversation) => wanted.has(conversation.id))
      }
      const at = now()
      // The versions just read: a change racing the handover fails it whole rather than being overwritten.
      return assignAll(
        chosen.map((conversation) => ({
          actor,
          conversationId: conversation.id,
          assignee: request.assignee,
          version: conversation.version,
          at,
          ...(request.note === undefined ? {} : { note: request.note }),
        })),
      )
    },
    async autoAssign() {
      const teams = new Map(
        (await store.teams.list()).filter((team) => team.isAutoAssigning).map((team) => [team.id, team]),
      )
      if (teams.size === 0) return []
      // One run at a time over every relay of the database: each runs after every commit it reads, so
      // two at once would hand the same queue out twice and count the same loads.
      return store.exclusively('auto-assign', () =>
        store.commit(async (tx, events) => {
          const candidates = await onlineAgentLoads(tx, teams, statusOf)
          if (candidates.length === 0) return []
          const assigned: Conversation[] = []
          const at = now()
          // Only conversations a follower wrote in: event-only ones (1-minute windows) belong to auto-replies.
          for (const row of await tx.board.queue({ hasFollowerMessage: true })) {
            const agent = chooseAgent(candidates, conversationKeyOf(row.id).accountKey)
            // Everyone of this account may be full while another account's agents are not.
            if (agent === null) continue
            // Locked and read again: an agent may have claimed it since the queue was read.
            const conversation = await tx.conversations.get(row.id)
            if (conversation === null || conversation.assignee !== null) continue
            const command: AssignCommand = {
              actor: null,
              conversationId: conversation.id,
              assignee: agent.username,
              version: null,
              at,
            }
            assigned.push(await applyAssignment(tx, events, conversation, command))
            candidates[candidates.indexOf(agent)] = {
              ...agent,
              openCount: agent.openCount + 1,
              lastAssignedAt: at,
            }
          }
          return assigned
        }),
      )
    },
  }
}

/**
 * The agents auto-assignment may hand a conversation to: enabled agents of `teams`, online now, with
 * their load, cap and accounts. Auto-assignment and the window rescue pick from these by `chooseAgent`.
 */
export async function onlineAgentLoads(
  tx: StoreAccess,
  teams: ReadonlyMap<string, Team>,
  statusOf: (username: string) => PresenceStatus,
): Promise<AgentLoad[]> {
  const counts = await tx.board.openCounts()
  const lastAssigned = await tx.assignments.lastAssignedTimes()
  return (await tx.userDirectory.list())
    .filter(
      (user) =>
        !user.isDisabled &&
        user.role === 'agent' &&
        user.teamId !== null &&
        teams.has(user.teamId) &&
        statusOf(user.username) === 'online',
    )
    .map((user) => ({
      username: user.username,
      openCount: counts.get(user.username) ?? 0,
      cap: teams.get(user.teamId!)!.agentCap,
      accountKeys: teams.get(user.teamId!)!.accountKeys,
      lastAssignedAt: lastAssigned.get(user.username) ?? null,
    }))
}
