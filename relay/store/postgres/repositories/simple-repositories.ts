import type { Awaiting } from '../../awaiting.js'
import type { InboundPushRepository } from '../../inbound-push-repository.js'
import type { SessionRepository } from '../../session-repository.js'
import { changesOf, rowOf, type Queryable } from '../queryable.js'

/** The dedupe of WeChat's retries: one key, taken by whichever relay stores it first. */
export function createPostgresInboundPushRepository(db: Queryable): Awaiting<InboundPushRepository> {
  return {
    async claim(dedupeKey, receivedAt) {
      const sql =
        'INSERT INTO inbound_pushes (dedupe_key, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING'
      return (await changesOf(db, sql, [dedupeKey, receivedAt])) === 1
    },
  }
}

export function createPostgresSessionRepository(db: Queryable): Awaiting<SessionRepository> {
  return {
    async insert(tokenHash, username, createdAt, expiresAt) {
      await db.query(
        'INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [tokenHash, username, createdAt, expiresAt],
      )
    },
    async usernameOf(tokenHash, now) {
      const row = await rowOf<{ username: string }>(
        db,
        'SELECT username FROM sessions WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, now],
      )
      return row?.username ?? null
    },
    async delete(tokenHash) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
    },
  }
}
