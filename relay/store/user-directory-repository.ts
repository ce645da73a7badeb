import type { Database } from 'better-sqlite3'
import type { User } from '../../common/domain/user.js'
import { userOf, type UserRow } from './user-repository.js'

/** The administration side of the users table: listing, editing, password resets, ending sessions. */
export interface UserDirectoryRepository {
  /** Every user, by username (never the password hash). */
  list(): User[]
  /** Rewrites the editable fields of `user` (display name, role, disabled, kf persona, team). */
  update(user: User): void
  setPasswordHash(username: string, passwordHash: string): void
  /** Ends every session of the user; answers how many ended. */
  deleteSessionsOf(username: string): number
}

/** Prepares the statements once on `database`. */
export function createUserDirectoryRepository(database: Database): UserDirectoryRepository {
  const list = database.prepare<[], Omit<UserRow, 'password_hash'>>(
    'SELECT username, display_name, role, is_disabled, kf_account, team_id FROM users ORDER BY username',
  )
  const update = database.prepare(`
    UPDATE users SET display_name = @display_name, role = @role, is_disabled = @is_disabled,
      kf_account = @kf_account, team_id = @team_id
    WHERE username = @username`)
  const setPassword = database.prepare('UPDATE users SET password_hash = ? WHERE username = ?')
  const deleteSessions = database.prepare('DELETE FROM sessions WHERE username = ?')
  return {
    list: () => list.all().map(userOf),
    update(user) {
      update.run({
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        is_disabled: user.isDisabled ? 1 : 0,
        kf_account: user.kfAccount,
        team_id: user.teamId,
      })
    },
    setPasswordHash(username, passwordHash) {
      setPassword.run(passwordHash, username)
    },
    deleteSessionsOf: (username) => deleteSessions.run(username).changes,
  }
}
