import type { Database } from 'better-sqlite3'
import type { MediaFile } from '../../common/domain/media.js'

/** A fetch still to make: a follower's message whose media the relay does not hold yet. */
export interface MediaFetchJob {
  readonly messageId: string
  readonly accountKey: string
  readonly nextAttemptAt: number
  /** When WeChat's copy is gone (epoch ms): no try after it. */
  readonly expiresAt: number
  readonly attempts: number
}

/** What an upload to one account gave: WeChat's ids for it, until when, and the files it keeps. */
export interface MediaUpload {
  readonly mediaId: string
  readonly thumbMediaId: string | null
  readonly expiresAt: number
  readonly files: readonly MediaFile[]
}

interface UploadRow {
  media_id: string
  thumb_media_id: string | null
  expires_at: number | string
  files_json: string
}

export function mediaUploadOf(row: UploadRow): MediaUpload {
  return {
    mediaId: row.media_id,
    thumbMediaId: row.thumb_media_id,
    expiresAt: Number(row.expires_at),
    files: JSON.parse(row.files_json) as MediaFile[],
  }
}

/** Both engines' upload statements, `$n` parameters. */
export const UPLOAD_SQL = {
  byHash: `SELECT media_id, thumb_media_id, expires_at, files_json FROM uploaded_media
    WHERE account_key = $1 AND hash = $2 AND expires_at > $3`,
  byMediaId: `SELECT media_id, thumb_media_id, expires_at, files_json FROM uploaded_media
    WHERE account_key = $1 AND media_id = $2`,
  record: `INSERT INTO uploaded_media (account_key, hash, media_id, thumb_media_id, expires_at, files_json)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_key, hash) DO UPDATE SET media_id = excluded.media_id,
      thumb_media_id = excluded.thumb_media_id, expires_at = excluded.expires_at, files_json = excluded.files_json`,
} as const

/** One file's bytes as kept. */
export interface MediaBlob {
  readonly contentType: string
  readonly data: Buffer
}

/**
 * The relay's media files: each kept once by its SHA-256 (two messages with the same picture share it),
 * the messages holding them, the durable list of fetches to make, and the media ids uploaded per account.
 */
export interface MediaRepository {
  /** Keeps a file under its hash; one already kept stays as it is. */
  putBlob(hash: string, contentType: string, data: Uint8Array, at: number): void
  blob(hash: string): MediaBlob | null
  /** Records that a message holds the file `hash` in `role`. */
  linkFile(messageId: string, role: string, hash: string): void
  /** Whether a message holds the file `hash` (in any role): what serving a file checks. */
  holds(messageId: string, hash: string): boolean
  scheduleFetch(job: MediaFetchJob): void
  /**
   * Takes up to `limit` fetches due at `now`, moving each one's next try to `leaseUntil` so that another
   * relay (or a second pass) does not take it meanwhile; answers them as they were.
   */
  claimDueFetches(now: number, leaseUntil: number, limit: number): MediaFetchJob[]
  rescheduleFetch(messageId: string, attempts: number, nextAttemptAt: number): void
  finishFetch(messageId: string): void
  /** The earliest next try of any fetch, or null when none is left. */
  nextFetchAt(): number | null
  /** A file already uploaded to an account whose media id is still valid at `now`, or null. */
  uploadOf(accountKey: string, hash: string, now: number): MediaUpload | null
  /** The upload a media id came from (its files go on the message sending it), or null. */
  uploadByMediaId(accountKey: string, mediaId: string): MediaUpload | null
  recordUpload(accountKey: string, hash: string, upload: MediaUpload): void
  /**
   * After messages were deleted (erasure, retention): forgets their links and fetches, and deletes the
   * files no message holds any more; answers how many files went.
   */
  collectUnheld(): number
}

interface FetchRow {
  message_id: string
  account_key: string
  next_attempt_at: number
  expires_at: number
  attempts: number
}

export function fetchJobOf(row: FetchRow): MediaFetchJob {
  return {
    messageId: row.message_id,
    accountKey: row.account_key,
    nextAttemptAt: Number(row.next_attempt_at),
    expiresAt: Number(row.expires_at),
    attempts: Number(row.attempts),
  }
}

/** Both engines' statements of `collectUnheld`, in order, with no parameters. */
export const COLLECT_UNHELD_SQL = [
  'DELETE FROM message_media WHERE NOT EXISTS (SELECT 1 FROM messages WHERE messages.id = message_media.message_id)',
  'DELETE FROM media_fetches WHERE NOT EXISTS (SELECT 1 FROM messages WHERE messages.id = media_fetches.message_id)',
  // An upload's files (its original, playable audio, poster) stay while its media id may be reused; then
  // they go too, unless a message holds them. Uploads are few (3 days' worth): the text search is cheap.
  `DELETE FROM media_blobs WHERE NOT EXISTS (SELECT 1 FROM message_media WHERE message_media.hash = media_blobs.hash)
     AND NOT EXISTS (SELECT 1 FROM uploaded_media WHERE uploaded_media.files_json LIKE '%' || media_blobs.hash || '%')`,
] as const

/**
 * Both engines' claim, `$1` now, `$2` the lease's end, `$3` the limit. The outer condition is checked
 * again on a row another relay claimed meanwhile (PostgreSQL re-reads it), so it is taken once.
 */
export const CLAIM_DUE_SQL = `UPDATE media_fetches SET next_attempt_at = $2
  WHERE next_attempt_at <= $1 AND message_id IN (SELECT message_id FROM media_fetches
    WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $3)
  RETURNING message_id, account_key, $1 AS next_attempt_at, expires_at, attempts`

/** Prepares the statements once on `database`. */
export function createMediaRepository(database: Database): MediaRepository {
  const putBlob = database.prepare(
    'INSERT INTO media_blobs (hash, content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const blob = database.prepare<[string], { content_type: string; data: Buffer }>(
    'SELECT content_type, data FROM media_blobs WHERE hash = ?',
  )
  const link = database.prepare(
    'INSERT INTO message_media (message_id, role, hash) VALUES (?, ?, ?) ON CONFLICT (message_id, role) DO UPDATE SET hash = excluded.hash',
  )
  const holds = database.prepare<[string, string], number>(
    'SELECT 1 FROM message_media WHERE message_id = ? AND hash = ?',
  )
  const schedule = database.prepare(
    `INSERT INTO media_fetches (message_id, account_key, next_attempt_at, expires_at, attempts)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
  )
  // better-sqlite3 binds `?` by position: each `$n` of the shared text becomes one, bound in its order.
  const claimOrder = [...CLAIM_DUE_SQL.matchAll(/\$(\d)/g)].map((match) => Number(match[1]) - 1)
  const claim = database.prepare<number[], FetchRow>(CLAIM_DUE_SQL.replace(/\$\d/g, '?'))
  const reschedule = database.prepare(
    'UPDATE media_fetches SET attempts = ?, next_attempt_at = ? WHERE message_id = ?',
  )
  const finish = database.prepare('DELETE FROM media_fetches WHERE message_id = ?')
  const nextAt = database.prepare<[], number | null>('SELECT min(next_attempt_at) FROM media_fetches').pluck()
  const positional = (sql: string) => sql.replace(/\$\d/g, '?')
  const uploadByHash = database.prepare<[string, string, number], UploadRow>(positional(UPLOAD_SQL.byHash))
  const uploadByMediaId = database.prepare<[string, string], UploadRow>(positional(UPLOAD_SQL.byMediaId))
  const recordUpload = database.prepare(positional(UPLOAD_SQL.record))
  const forgetExpiredUploads = database.prepare('DELETE FROM uploaded_media WHERE expires_at <= ?')
  const collect = COLLECT_UNHELD_SQL.map((sql) => database.prepare(sql))
  return {
    putBlob: (hash, contentType, data, at) =>
      void putBlob.run(hash, contentType, data.length, Buffer.from(data), at),
    blob(hash) {
      const row = blob.get(hash)
      return row === undefined ? null : { contentType: row.content_type, data: row.data }
    },
    linkFile: (messageId, role, hash) => void link.run(messageId, role, hash),
    holds: (messageId, hash) => holds.get(messageId, hash) !== undefined,
    scheduleFetch: (job) =>
      void schedule.run(job.messageId, job.accountKey, job.nextAttemptAt, job.expiresAt, job.attempts),
    claimDueFetches(now, leaseUntil, limit) {
      const values = [now, leaseUntil, limit]
      return claim.all(...claimOrder.map((index) => values[index]!)).map(fetchJobOf)
    },
    rescheduleFetch: (messageId, attempts, nextAttemptAt) =>
      void reschedule.run(attempts, nextAttemptAt, messageId),
    finishFetch: (messageId) => void finish.run(messageId),
    nextFetchAt: () => nextAt.get() ?? null,
    uploadOf(accountKey, hash, now) {
      const row = uploadByHash.get(accountKey, hash, now)
      return row === undefined ? null : mediaUploadOf(row)
    },
    uploadByMediaId(accountKey, mediaId) {
      const row = uploadByMediaId.get(accountKey, mediaId)
      return row === undefined ? null : mediaUploadOf(row)
    },
    recordUpload: (accountKey, hash, upload) =>
      void recordUpload.run(
        accountKey,
        hash,
        upload.mediaId,
        upload.thumbMediaId,
        upload.expiresAt,
        JSON.stringify(upload.files),
      ),
    collectUnheld() {
      forgetExpiredUploads.run(Date.now())
      let files = 0
      for (const [index, statement] of collect.entries()) {
        const changes = statement.run().changes
        if (index === collect.length - 1) files = changes
      }
      return files
    },
  }
}
