import type { Database } from 'better-sqlite3'
import type { Role, User } from '../../common/domain/user.js'

/** A user with the secret only the auth module reads. */
export interface StoredUser {
  readonly user: User
  readonly passwordHash: string
}

/** Users as rows. */
export interface UserRepository {
  get(username: string): StoredUser | null
  insert(user: User, passwordHash: string, createdAt: number): void
  count(): number
}

export interface UserRow {
  username: string
  display_name: string
  role: string
  password_hash: string
  is_disabled: number
  kf_account: string | null
  team_id: string | null
}

/** Prepares the user statements once on `database`. */
export function createUserRepository(database: Database): UserRepository {
  const select = database.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?')
  const insert = database.prepare(`
    INSERT INTO users (username, display_name, role, password_hash, is_disabled, kf_account, team_id, created_at)
    VALUES (@username, @display_name, @role, @password_hash, @is_disabled, @kf_account, @team_id, @created_at)`)
  const count = database.prepare<[], { count: number }>('SELECT count(*) AS count FROM users')
  return {
    get(username) {
      const row = select.get(username)
      if (row === undefined) return null
      return { passwordHash: row.password_hash, user: userOf(row) }
    },
    insert(user, passwordHash, createdAt) {
      insert.run({
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        password_hash: passwordHash,
        is_disabled: user.isDisabled ? 1 : 0,
        kf_account: user.kfAccount,
        team_id: user.teamId,
        created_at: createdAt,
      })
    },
    count() {
      return count.get()?.count ?? 0
    },
  }
}

/** A users row as the domain user (never its password hash). */
export function userOf(row: Omit<UserRow, 'password_hash'>): User {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    isDisabled: row.is_disabled === 1,
    kfAccount: row.kf_account,
    teamId: row.team_id,
  }
}
