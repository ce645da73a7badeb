import type { Database } from 'better-sqlite3'

/** Sessions keyed by the hash of their token: a stolen database yields no usable token. */
export interface SessionRepository {
  insert(tokenHash: string, username: string, createdAt: number, expiresAt: number): void
  /** The username of a live session, or null. */
  usernameOf(tokenHash: string, now: number): string | null
  delete(tokenHash: string): void
}

/** Prepares the session statements once on `database`. */
export function createSessionRepository(database: Database): SessionRepository {
  const insert = database.prepare(
    'INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)',
  )
  const select = database.prepare<[string, number], { username: string }>(
    'SELECT username FROM sessions WHERE token_hash = ? AND expires_at > ?',
  )
  const remove = database.prepare('DELETE FROM sessions WHERE token_hash = ?')
  return {
    insert(tokenHash, username, createdAt, expiresAt) {
      insert.run(tokenHash, username, createdAt, expiresAt)
    },
    usernameOf(tokenHash, now) {
      return select.get(tokenHash, now)?.username ?? null
    },
    delete(tokenHash) {
      remove.run(tokenHash)
    },
  }
}
