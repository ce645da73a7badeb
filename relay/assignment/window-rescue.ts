import { conversationKeyOf } from '../../common/domain/account.js'
import type { Conversation } from '../../common/domain/conversation.js'
import { replyWindowAt, type ReplyWindowOf } from '../../common/domain/reply-window.js'
import type { PresenceStatus, Team } from '../../common/domain/team.js'
import {
  DEFAULT_WINDOW_RESCUE,
  rescueReasonOf,
  type RescueReason,
  type WindowRescuePolicy,
} from '../../common/domain/window-rescue.js'
import type { RelayLogger } from '../logger.js'
import type { RelayStore, StoreTransaction } from '../store/relay-store.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { appendInternalLine } from '../tickets/activity-line.js'
import { applyAssignment } from './assign-conversation.js'
import { onlineAgentLoads } from './assignment-service.js'
import { chooseAgent } from './choose-agent.js'

/** WeChat's longest window: a conversation the follower has not touched for longer holds none. */
const LONGEST_WINDOW_MS = 48 * 3_600_000

/** Moves conversations that would be lost to a closing window, or that a gone holder keeps. */
export interface WindowRescue {
  /** Looks now (tests, and after presence changes); answers the conversations it moved or flagged. */
  sweep(): Promise<readonly Conversation[]>
  /** A sweep soon, on its own tick (an agent went away or offline). */
  schedule(): void
  close(): void
}

export interface WindowRescueDependencies {
  readonly store: RelayStore
  readonly now: () => number
  readonly replyWindowOf: ReplyWindowOf
  /** Each user's presence now, and since when (never seen: since the relay started). */
  readonly presenceOf: (username: string) => { readonly status: PresenceStatus; readonly since: number }
  readonly logger: RelayLogger
  /** How often it looks (default 30 s). */
  readonly intervalMs?: number
}

/**
 * Acts before WeChat's 48 hours take a follower away: a conversation whose follower awaits a reply, whose
 * window closes within the team's `minutesBefore` and whose holder is away or offline is flagged to
 * supervisors, returned to the queue or handed to an online agent with room, by the team's policy; what a
 * disabled user, or one offline longer than the policy allows, holds is taken back the same way. Each
 * move or flag leaves an activity line saying why (the desktops of supervisors notify it). One relay
 * at a time looks, over every relay of the database.
 */
export function createWindowRescue(dependencies: WindowRescueDependencies): WindowRescue {
  const { store, now, logger } = dependencies
  // Flags already raised, per conversation and window: supervisors are told once per closing window.
  const flagged = new Set<string>()
  let isClosed = false
  let pending: Promise<unknown> | null = null

  async function sweep(): Promise<readonly Conversation[]> {
    return store.exclusively('window-rescue', () =>
      store.commit(async (tx, events) => {
        const at = now()
        const teams = new Map((await tx.teams.list()).map((team) => [team.id, team]))
        const users = new Map((await tx.userDirectory.list()).map((user) => [user.username, user]))
        const rows = await tx.board.activeSince(at - LONGEST_WINDOW_MS)
        // Whatever a disabled or long-offline holder keeps, however old the follower's last word.
        for (const user of users.values()) {
          if (user.isDisabled || dependencies.presenceOf(user.username).status === 'offline')
            rows.push(...(await tx.board.openOf(user.username)))
        }
        const autoTeams = new Map([...teams].filter(([, team]) => team.isAutoAssigning))
        // Handed on by the auto-assignment rules: to an online agent with room, of a team that auto-assigns.
        let candidates = await onlineAgentLoads(
          tx,
          autoTeams,
          (username) => dependencies.presenceOf(username).status,
        )
        const moved: Conversation[] = []
        const seen = new Set<string>()
        for (const row of rows) {
          if (row.assignee === null || seen.has(row.id)) continue
          seen.add(row.id)
          const holder = users.get(row.assignee)
          // An online, enabled holder keeps what they hold: no need to read the conversation.
          if (
            holder !== undefined &&
            !holder.isDisabled &&
            dependencies.presenceOf(row.assignee).status === 'online'
          )
            continue
          const team = holder?.teamId == null ? undefined : teams.get(holder.teamId)
          const policy = policyOf(team)
          const conversation = await tx.conversations.get(row.id)
          if (conversation === null || conversation.assignee === null || conversation.status === 'resolved')
            continue
          const window = replyWindowAt(
            conversation.windowHistory,
            at,
            dependencies.replyWindowOf(conversation.accountKey),
          )
          const closesAt = window.state === 'open' ? window.expiresAt : null
          const presence = dependencies.presenceOf(conversation.assignee)
          const reason = rescueReasonOf({
            holder: { isDisabled: holder?.isDisabled ?? true, ...presence },
            isUnanswered: conversation.unansweredCount > 0,
            windowClosesAt: closesAt,
            at,
            policy,
          })
          if (reason === null) continue
          const line = { reason, closesAt }
          if (policy.action === 'notify' && reason === 'window_closing') {
            const key = `${conversation.id}:${closesAt}`
            if (flagged.has(key)) continue
            flagged.add(key)
            await rescueLine(
              tx,
              events,
              conversation,
              conversation.assignee,
              { ...line, outcome: 'notified' },
              at,
            )
            moved.push(conversation)
            continue
          }
          const target =
            policy.action === 'reassign'
              ? chooseAgent(
                  candidates.filter((candidate) => candidate.username !== conversation.assignee),
                  conversationKeyOf(conversation.id).accountKey,
                )
              : null
          const previous = conversation.assignee
          await rescueLine(
            tx,
            events,
            conversation,
            previous,
            target === null
              ? { ...line, outcome: 'queued' }
              : { ...line, outcome: 'reassigned', to: target.username },
            at,
          )
          const updated = await applyAssignment(tx, events, conversation, {
            actor: null,
            conversationId: conversation.id,
            assignee: target?.username ?? null,
            version: null,
            at,
          })
          if (target !== null)
            candidates = candidates.map((candidate) =>
              candidate === target
                ? { ...candidate, openCount: candidate.openCount + 1, lastAssignedAt: at }
                : candidate,
            )
          moved.push(updated)
        }
        if (moved.length > 0)
          logger.info({ count: moved.length }, 'conversations rescued before their window closed')
        return moved
      }),
    )
  }

  function run(): void {
    if (isClosed || pending !== null) return
    pending = new Promise((resolve) => setImmediate(resolve))
      .then(() => (isClosed ? [] : sweep()))
      .catch((error: unknown) => logger.error({ err: error }, 'the window rescue failed'))
      .finally(() => (pending = null))
  }

  const timer = setInterval(run, dependencies.intervalMs ?? 30_000)
  timer.unref()

  return {
    sweep,
    schedule: run,
    close() {
      isClosed = true
      clearInterval(timer)
    },
  }
}

/** A team's policy, or the relay's defaults. */
export function policyOf(team: Team | undefined): WindowRescuePolicy {
  return team?.windowRescue ?? DEFAULT_WINDOW_RESCUE
}

async function rescueLine(
  tx: StoreTransaction,
  events: RelayEvent[],
  conversation: Conversation,
  holder: string,
  what: {
    readonly reason: RescueReason
    readonly closesAt: number | null
    readonly outcome: 'notified' | 'queued' | 'reassigned'
    readonly to?: string
  },
  at: number,
): Promise<void> {
  await appendInternalLine(tx, events, {
    conversation,
    actor: null,
    at,
    body: {
      type: 'activity',
      action: 'window_rescue',
      detail: holder,
      reason: what.reason,
      outcome: what.outcome,
      ...(what.to === undefined ? {} : { to: what.to }),
      ...(what.closesAt === null ? {} : { closesAt: what.closesAt }),
    },
  })
}
