import type { Database } from 'better-sqlite3'

/** Which WeChat endpoint issued a token: they are isolated from each other (reference §3.1). */
export type AccessTokenKind = 'stable' | 'classic'

/** A token as cached: its value and when WeChat said it expires (epoch ms). */
export interface CachedAccessToken {
  readonly token: string
  readonly expiresAt: number
  readonly fetchedAt: number
}

/** Where the one access token lives between calls and across restarts. */
export interface AccessTokenCache {
  read(appId: string, kind: AccessTokenKind): CachedAccessToken | null
  write(appId: string, kind: AccessTokenKind, token: CachedAccessToken): void
  /** Compare-and-expire: forgets the cached token only if it is still `token`; true when it did. */
  expire(appId: string, kind: AccessTokenKind, token: string): boolean
}

/** The cache in the relay's SQLite store (table from migration 0002). */
export function createAccessTokenCache(database: Database): AccessTokenCache {
  const select = database.prepare<
    [string, string],
    { token: string; expires_at: number; fetched_at: number }
  >('SELECT token, expires_at, fetched_at FROM wechat_access_tokens WHERE app_id = ? AND kind = ?')
  const upsert = database.prepare(
    `INSERT INTO wechat_access_tokens (app_id, kind, token, expires_at, fetched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_id, kind) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
       fetched_at = excluded.fetched_at`,
  )
  const remove = database.prepare(
    'DELETE FROM wechat_access_tokens WHERE app_id = ? AND kind = ? AND token = ?',
  )
  return {
    read(appId, kind) {
      const row = select.get(appId, kind)
      return row === undefined
        ? null
        : { token: row.token, expiresAt: row.expires_at, fetchedAt: row.fetched_at }
    },
    write(appId, kind, token) {
      upsert.run(appId, kind, token.token, token.expiresAt, token.fetchedAt)
    },
    expire(appId, kind, token) {
      return remove.run(appId, kind, token).changes > 0
    },
  }
}
