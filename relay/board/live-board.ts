import { conversationKeyOf, isWithinAccounts } from '../../common/domain/account.js'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  type ReplyWindowConfig,
  type ReplyWindowOf,
} from '../../common/domain/reply-window.js'
import type { Board, PresenceStatus } from '../../common/domain/team.js'
import type { LiveDesktops } from '../desktops/live-desktops.js'
import type { RelayLogger } from '../logger.js'
import type { RelayStore } from '../store/relay-store.js'
import { boardOf } from './board-of.js'

/** The socket.io room of desktops watching the board (`board:watch`), sent `board:updated` on changes. */
export const BOARD_ROOM = 'board'

/**
 * The room of supervisors whose team answers `accountKeys` only: they watch a board of those accounts.
 * Every board room starts with BOARD_ROOM, which an agent leaves all of (apply-user-change.ts).
 */
export function boardRoomOf(accountKeys: readonly string[]): string {
  return accountKeys.length === 0 ? BOARD_ROOM : `${BOARD_ROOM}:${[...accountKeys].sort().join(',')}`
}

/** Collaborators of the live board. */
export interface LiveBoardDependencies {
  readonly store: RelayStore
  readonly now: () => number
  readonly replyWindowOf: ReplyWindowOf
  readonly statusOf: (username: string) => PresenceStatus
  readonly desktops: LiveDesktops
  readonly logger: RelayLogger
  /** Board updates to watchers are coalesced over this many ms (default 250). */
  readonly throttleMs?: number
}

/** The supervisors' board: read on demand, and pushed to its watchers after changes, coalesced. */
export interface LiveBoard {
  /** The board of every account, or of `accountKeys` only (a supervisor whose team is limited to them). */
  board(accountKeys?: readonly string[]): Promise<Board>
  /** The room to watch the board of `accountKeys` from; its board is kept up to date from now on. */
  roomOf(accountKeys: readonly string[]): string
  /** Something the board shows may have changed: watchers get the board once the throttle elapses. */
  changed(): void
  close(): void
}

/** Creates the live board. */
export function createLiveBoard(dependencies: LiveBoardDependencies): LiveBoard {
  const { store, now, replyWindowOf, desktops, logger } = dependencies
  let timer: NodeJS.Timeout | null = null
  let isClosed = false
  // The scopes watched so far, by room: each room with members gets its own board.
  const scopes = new Map<string, readonly string[]>([[BOARD_ROOM, []]])

  async function board(accountKeys: readonly string[] = []): Promise<Board> {
    const teams = await store.teams.list()
    const inScope = (conversationId: string): boolean =>
      isWithinAccounts(accountKeys, conversationKeyOf(conversationId).accountKey)
    const isScoped = accountKeys.length > 0
    return boardOf({
      // Scoped, the agents who may work some of those accounts.
      users: (await store.userDirectory.list()).filter((user) => {
        const team = teams.find((each) => each.id === user.teamId)
        return (
          !isScoped ||
          team === undefined ||
          team.accountKeys.length === 0 ||
          team.accountKeys.some((key) => accountKeys.includes(key))
        )
      }),
      teams,
      statusOf: dependencies.statusOf,
      openCounts: await store.board.openCounts(),
      queue: (await store.board.queue()).filter((row) => inScope(row.id)),
      active: (await store.board.activeSince(now() - longestWindowMs(DEFAULT_REPLY_WINDOW_CONFIG))).filter(
        (row) => inScope(row.id),
      ),
      tagCounts: isScoped
        ? countTags((await store.board.tagsOfUnresolved()).filter((row) => inScope(row.conversationId)))
        : await store.board.tagCounts(),
      now: now(),
      replyWindowOf,
    })
  }

  const watchedRooms = (): string[] => [...scopes.keys()].filter((room) => desktops.roomSize(room) > 0)

  return {
    board,
    roomOf(accountKeys) {
      const room = boardRoomOf(accountKeys)
      scopes.set(room, accountKeys)
      return room
    },
    changed() {
      if (isClosed || timer !== null || watchedRooms().length === 0) return
      timer = setTimeout(() => {
        timer = null
        if (isClosed) return
        for (const room of watchedRooms()) {
          try {
            board(scopes.get(room)).then(
              (current) => desktops.emitToRoom(room, 'board:updated', current),
              (error: unknown) => logger.error({ err: error }, 'board update failed'),
            )
          } catch (error) {
            logger.error({ err: error }, 'board update failed')
          }
        }
      }, dependencies.throttleMs ?? 250)
    },
    close() {
      isClosed = true
      if (timer !== null) clearTimeout(timer)
    },
  }
}

function countTags(rows: readonly { readonly tagId: string }[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { tagId } of rows) counts.set(tagId, (counts.get(tagId) ?? 0) + 1)
  return counts
}

function longestWindowMs(config: ReplyWindowConfig): number {
  return Math.max(config.message.durationMs, config.event.durationMs, config.payment.durationMs)
}
