import type { ReplyWindowConfig } from '../../common/domain/reply-window.js'
import type { Board, PresenceStatus } from '../../common/domain/team.js'
import type { LiveDesktops } from '../desktops/live-desktops.js'
import type { RelayLogger } from '../logger.js'
import type { RelayStore } from '../store/relay-store.js'
import { boardOf } from './board-of.js'

/** The socket.io room of desktops watching the board (`board:watch`), sent `board:updated` on changes. */
export const BOARD_ROOM = 'board'

/** Collaborators of the live board. */
export interface LiveBoardDependencies {
  readonly store: RelayStore
  readonly now: () => number
  readonly replyWindow: ReplyWindowConfig
  readonly statusOf: (username: string) => PresenceStatus
  readonly desktops: LiveDesktops
  readonly logger: RelayLogger
  /** Board updates to watchers are coalesced over this many ms (default 250). */
  readonly throttleMs?: number
}

/** The supervisors' board: read on demand, and pushed to its watchers after changes, coalesced. */
export interface LiveBoard {
  board(): Promise<Board>
  /** Something the board shows may have changed: watchers get the board once the throttle elapses. */
  changed(): void
  close(): void
}

/** Creates the live board. */
export function createLiveBoard(dependencies: LiveBoardDependencies): LiveBoard {
  const { store, now, replyWindow, desktops, logger } = dependencies
  let timer: NodeJS.Timeout | null = null
  let isClosed = false

  async function board(): Promise<Board> {
    return boardOf({
      users: await store.userDirectory.list(),
      teams: await store.teams.list(),
      statusOf: dependencies.statusOf,
      openCounts: await store.board.openCounts(),
      queue: await store.board.queue(),
      active: await store.board.activeSince(now() - longestWindowMs(replyWindow)),
      tagCounts: await store.board.tagCounts(),
      now: now(),
      replyWindow,
    })
  }

  return {
    board,
    changed() {
      if (isClosed || timer !== null || desktops.roomSize(BOARD_ROOM) === 0) return
      timer = setTimeout(() => {
        timer = null
        if (isClosed) return
        try {
          board().then(
            (current) => desktops.emitToRoom(BOARD_ROOM, 'board:updated', current),
            (error: unknown) => logger.error({ err: error }, 'board update failed'),
          )
        } catch (error) {
          logger.error({ err: error }, 'board update failed')
        }
      }, dependencies.throttleMs ?? 250)
    },
    close() {
      isClosed = true
      if (timer !== null) clearTimeout(timer)
    },
  }
}

function longestWindowMs(config: ReplyWindowConfig): number {
  return Math.max(config.message.durationMs, config.event.durationMs, config.payment.durationMs)
}
