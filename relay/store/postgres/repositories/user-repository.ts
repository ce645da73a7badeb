import type { Awaiting } from '../../awaiting.js'
import type { UserDirectoryRepository } from '../../user-directory-repository.js'
import { userOf, type UserRepository, type UserRow } from '../../user-repository.js'
import { changesOf, rowOf, rowsOf, type Queryable } from '../queryable.js'

export function createPostgresUserRepository(db: Queryable): Awaiting<UserRepository> {
  return {
    async get(username) {
      const row = await rowOf<UserRow>(db, 'SELECT * FROM users WHERE username = $1', [username])
      return row === undefined ? null : { passwordHash: row.password_hash, user: userOf(row) }
    },
    async insert(user, passwordHash, createdAt) {
      await db.query(
        `INSERT INTO users (username, display_name, role, password_hash, is_disabled, kf_account, team_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          user.username,
          user.displayName,
          user.role,
          passwordHash,
          user.isDisabled ? 1 : 0,
          user.kfAccount,
          user.teamId,
          createdAt,
        ],
      )
    },
    async count() {
      return (await rowOf<{ count: number }>(db, 'SELECT count(*) AS count FROM users'))?.count ?? 0
    },
  }
}

export function createPostgresUserDirectoryRepository(db: Queryable): Awaiting<UserDirectoryRepository> {
  return {
    list: async () =>
      (
        await rowsOf<Omit<UserRow, 'password_hash'>>(
          db,
          // COLLATE "C": by code point, as SQLite's BINARY orders them, whatever the database's locale.
          'SELECT username, display_name, role, is_disabled, kf_account, team_id FROM users ORDER BY username COLLATE "C"',
        )
      ).map(userOf),
    async update(user) {
      await db.query(
        `UPDATE users SET display_name = $2, role = $3, is_disabled = $4, kf_account = $5, team_id = $6
         WHERE username = $1`,
        [user.username, user.displayName, user.role, user.isDisabled ? 1 : 0, user.kfAccount, user.teamId],
      )
    },
    async setPasswordHash(username, passwordHash) {
      await db.query('UPDATE users SET password_hash = $1 WHERE username = $2', [passwordHash, username])
    },
    deleteSessionsOf: (username) => changesOf(db, 'DELETE FROM sessions WHERE username = $1', [username]),
  }
}
