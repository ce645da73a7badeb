import type { User } from '../../common/domain/user.js'
import { BOARD_ROOM } from '../board/live-board.js'
import type { LiveDesktops } from './live-desktops.js'

/**
 * An admin changed a user: their connected desktops end with `endedSessions` (disabled, password reset),
 * or carry on as the new user, an agent no longer watching the board.
 */
export function applyUserChange(desktops: LiveDesktops, user: User, endedSessions: string | null): void {
  desktops.each((desktop) => {
    if (desktop.user.username !== user.username) return
    if (endedSessions !== null) return desktop.end(endedSessions)
    desktop.updateUser(user)
    // Every board room, whichever accounts it shows.
    if (user.role === 'agent')
      desktop.leaveWhere((room) => room === BOARD_ROOM || room.startsWith(`${BOARD_ROOM}:`))
  })
}
