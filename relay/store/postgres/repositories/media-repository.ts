import type { Awaiting } from '../../awaiting.js'
import {
  CLAIM_DUE_SQL,
  COLLECT_UNHELD_SQL,
  fetchJobOf,
  mediaUploadOf,
  UPLOAD_SQL,
  type MediaFetchJob,
  type MediaRepository,
} from '../../media-repository.js'
import { changesOf, rowOf, rowsOf, type Queryable } from '../queryable.js'

/** The media files and fetches in PostgreSQL: bytes as `bytea`, shared by every relay on the database. */
export function createPostgresMediaRepository(db: Queryable): Awaiting<MediaRepository> {
  return {
    async putBlob(hash, contentType, data, at) {
      await db.query(
        `INSERT INTO media_blobs (hash, content_type, size, data, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [hash, contentType, data.length, Buffer.from(data), at],
      )
    },
    async blob(hash) {
      const row = await rowOf<{ content_type: string; data: Buffer }>(
        db,
        'SELECT content_type, data FROM media_blobs WHERE hash = $1',
        [hash],
      )
      return row === undefined ? null : { contentType: row.content_type, data: row.data }
    },
    async linkFile(messageId, role, hash) {
      await db.query(
        `INSERT INTO message_media (message_id, role, hash) VALUES ($1, $2, $3)
         ON CONFLICT (message_id, role) DO UPDATE SET hash = excluded.hash`,
        [messageId, role, hash],
      )
    },
    async holds(messageId, hash) {
      const sql = 'SELECT 1 FROM message_media WHERE message_id = $1 AND hash = $2'
      return (await rowOf(db, sql, [messageId, hash])) !== undefined
    },
    async scheduleFetch(job) {
      await db.query(
        `INSERT INTO media_fetches (message_id, account_key, next_attempt_at, expires_at, attempts)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING`,
        [job.messageId, job.accountKey, job.nextAttemptAt, job.expiresAt, job.attempts],
      )
    },
    async claimDueFetches(now, leaseUntil, limit): Promise<MediaFetchJob[]> {
      const rows = await rowsOf<Parameters<typeof fetchJobOf>[0]>(db, CLAIM_DUE_SQL, [now, leaseUntil, limit])
      return rows.map(fetchJobOf)
    },
    async rescheduleFetch(messageId, attempts, nextAttemptAt) {
      await db.query('UPDATE media_fetches SET attempts = $2, next_attempt_at = $3 WHERE message_id = $1', [
        messageId,
        attempts,
        nextAttemptAt,
      ])
    },
    async finishFetch(messageId) {
      await db.query('DELETE FROM media_fetches WHERE message_id = $1', [messageId])
    },
    async nextFetchAt() {
      const row = await rowOf<{ at: string | null }>(
        db,
        'SELECT min(next_attempt_at) AS at FROM media_fetches',
      )
      return row?.at === null || row?.at === undefined ? null : Number(row.at)
    },
    async uploadOf(accountKey, hash, now) {
      const row = await rowOf<Parameters<typeof mediaUploadOf>[0]>(db, UPLOAD_SQL.byHash, [
        accountKey,
        hash,
        now,
      ])
      return row === undefined ? null : mediaUploadOf(row)
    },
    async uploadByMediaId(accountKey, mediaId) {
      const row = await rowOf<Parameters<typeof mediaUploadOf>[0]>(db, UPLOAD_SQL.byMediaId, [
        accountKey,
        mediaId,
      ])
      return row === undefined ? null : mediaUploadOf(row)
    },
    async recordUpload(accountKey, hash, upload) {
      await db.query(UPLOAD_SQL.record, [
        accountKey,
        hash,
        upload.mediaId,
        upload.thumbMediaId,
        upload.expiresAt,
        JSON.stringify(upload.files),
      ])
    },
    async collectUnheld() {
      await db.query('DELETE FROM uploaded_media WHERE expires_at <= $1', [Date.now()])
      let files = 0
      for (const sql of COLLECT_UNHELD_SQL) files = await changesOf(db, sql)
      return files
    },
  }
}
