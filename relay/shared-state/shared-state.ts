import type { Board } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../common/domain/reply-window.js'
import { createAssignmentService, type AssignmentService } from '../assignment/assignment-service.js'
import { boardOf } from '../board/board-of.js'
import {
  createCannedResponseService,
  type CannedResponseService,
} from '../canned-responses/canned-response-service.js'
import type { RelayLogger } from '../logger.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { createPresenceTracker, type PresenceTracker } from '../presence/presence-tracker.js'
import type { RelayStore } from '../store/relay-store.js'
import { createTagService, type TagService } from '../tags/tag-service.js'
import { createTeamService, type TeamService } from '../teams/team-service.js'
import { createUserAdminService, type UserAdminService } from '../teams/user-admin-service.js'
import { createTicketService, type TicketService } from '../tickets/ticket-service.js'
import { createEventVisibility, type EventVisibility } from './event-visibility.js'
import { BOARD_ROOM } from './board-room.js'
import { attachDesktopPresence } from './desktop-presence.js'
import type { LiveSockets } from './live-sockets.js'

/** Tunables of the shared state; tests shorten the presence timeout. */
export interface SharedStateOptions {
  /** A desktop silent this long turns offline (default 90 s). */
  readonly presenceTimeoutMs?: number
  readonly presenceSweepIntervalMs?: number
  /** Board updates to watchers are coalesced over this many ms (default 250). */
  readonly boardThrottleMs?: number
}

/** Collaborators of the shared state. */
export interface SharedStateDependencies extends SharedStateOptions {
  /** Its commits publish their events, to the hub and to this module's `observe`. */
  readonly store: RelayStore
  readonly now: () => number
  readonly logger: RelayLogger
  readonly replyWindow?: ReplyWindowConfig
  /** The relay's way out to WeChat, for picture canned responses; null when WeChat is not configured. */
  readonly sender: WeChatSender | null
}

/** The supervisors' side of the relay: tags, canned responses, tickets, assignment, teams, users, presence, board. */
export interface SharedState {
  readonly tags: TagService
  readonly cannedResponses: CannedResponseService
  readonly tickets: TicketService
  readonly assignment: AssignmentService
  readonly teams: TeamService
  readonly users: UserAdminService
  readonly presence: PresenceTracker
  /** The hub's per-desktop event filter. */
  readonly canSee: EventVisibility
  board(): Board
  /** Sees every committed event: schedules auto-assignment and board updates. */
  observe(events: readonly RelayEvent[]): void
  /** Reaches the connected desktops: presence on connect, board updates, ended sessions. */
  attach(io: LiveSockets): void
  /** Resolves once scheduled auto-assignment runs have finished. */
  settle(): Promise<void>
  close(): void
}

/** Creates the shared state over the store. */
export function createSharedState(dependencies: SharedStateDependencies): SharedState {
  const { store, now, logger, sender } = dependencies
  const replyWindow = dependencies.replyWindow ?? DEFAULT_REPLY_WINDOW_CONFIG
  const canSee = createEventVisibility(store)
  let io: LiveSockets | null = null
  let isClosed = false
  let autoAssignRun: Promise<void> | null = null
  let boardTimer: NodeJS.Timeout | null = null

  function scheduleAutoAssign(): void {
    if (isClosed || autoAssignRun !== null) return
    autoAssignRun = new Promise((resolve) =>
      setImmediate(() => {
        autoAssignRun = null
        try {
          if (!isClosed) assignment.autoAssign()
        } catch (error) {
          logger.error({ err: error }, 'auto-assignment failed')
        }
        resolve()
      }),
    )
  }

  function scheduleBoard(): void {
    if (isClosed || boardTimer !== null || io === null) return
    if ((io.sockets.adapter.rooms.get(BOARD_ROOM)?.size ?? 0) === 0) return
    boardTimer = setTimeout(() => {
      boardTimer = null
      if (isClosed || io === null) return
      try {
        io.to(BOARD_ROOM).emit('board:updated', board())
      } catch (error) {
        logger.error({ err: error }, 'board update failed')
      }
    }, dependencies.boardThrottleMs ?? 250)
  }

  const presence = createPresenceTracker({
    now,
    timeoutMs: dependencies.presenceTimeoutMs,
    sweepIntervalMs: dependencies.presenceSweepIntervalMs,
    onPresenceChanged(changed) {
      io?.emit('presence:changed', changed)
      scheduleBoard()
      if (changed.status === 'online') scheduleAutoAssign()
    },
    onViewersChanged(viewers) {
      if (io === null) return
      const conversation = store.conversations.get(viewers.conversationId)
      if (conversation === null) return
      for (const socket of io.sockets.sockets.values()) {
        const event: RelayEvent = { type: 'conversation.updated', seq: 0, at: 0, conversation }
        if (canSee(socket.data.user, event)) socket.emit('viewing:changed', viewers)
      }
    },
  })
  const assignment = createAssignmentService({
    store,
    now,
    replyWindow,
    statusOf: (username) => presence.statusOf(username),
  })

  function board(): Board {
    return boardOf({
      users: store.userDirectory.list(),
      teams: store.teams.list(),
      statusOf: (username) => presence.statusOf(username),
      openCounts: store.board.openCounts(),
      queue: store.board.queue(),
      active: store.board.activeSince(now() - maxWindowMs(replyWindow)),
      tagCounts: store.board.tagCounts(),
      now: now(),
      replyWindow,
    })
  }

  function onUserChanged(user: User, endedSessions: string | null): void {
    if (io === null) return
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.user.username !== user.username) continue
      if (endedSessions !== null) {
        socket.emit('session:revoked', { reason: endedSessions })
        socket.disconnect(true)
      } else {
        socket.data.user = user
        if (user.role === 'agent') void socket.leave(BOARD_ROOM)
      }
    }
    scheduleBoard()
  }

  const shared: SharedState = {
    tags: createTagService({ store, now }),
    cannedResponses: createCannedResponseService({ store, now, sender }),
    tickets: createTicketService({ store, now }),
    assignment,
    teams: createTeamService({ store, now, onTeamChanged: () => (scheduleAutoAssign(), scheduleBoard()) }),
    users: createUserAdminService({ store, now, onUserChanged }),
    presence,
    canSee,
    board,
    observe(events) {
      if (events.length === 0) return
      scheduleBoard()
      if (events.some(freesOrQueuesWork)) scheduleAutoAssign()
    },
    attach(server) {
      io = server
      attachDesktopPresence(server, { store, shared })
    },
    async settle() {
      while (autoAssignRun !== null) await autoAssignRun
    },
    close() {
      isClosed = true
      presence.close()
      if (boardTimer !== null) clearTimeout(boardTimer)
    },
  }
  return shared
}

/** A follower wrote in an unassigned conversation, one went back to the queue, or a load went down. */
function freesOrQueuesWork(event: RelayEvent): boolean {
  if (event.type === 'message.created') {
    return (
      event.message.direction === 'incoming' &&
      event.message.body.type !== 'event' &&
      event.conversation.assignee === null &&
      event.conversation.status !== 'resolved'
    )
  }
  if (event.type === 'conversation.updated') {
    return event.conversation.assignee === null || event.conversation.status === 'resolved'
  }
  return false
}

function maxWindowMs(config: ReplyWindowConfig): number {
  return Math.max(config.message.durationMs, config.event.durationMs, config.payment.durationMs)
}
