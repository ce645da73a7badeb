import type { Database } from 'better-sqlite3'
import type { CannedCard, CannedResponse } from '../../common/domain/user.js'

/** The picture of a canned response as stored. */
export interface StoredCannedImage {
  readonly fileName: string
  readonly mimeType: string
  readonly bytes: Buffer
}

/** Canned responses as rows: team ones (no owner) and personal ones, each with its picture if it has one. */
export interface CannedResponseRepository {
  /** The team's replies and `username`'s own, by short code. */
  listVisibleTo(username: string): CannedResponse[]
  /** Every reply, for supervisors' management screens. */
  listAll(): CannedResponse[]
  get(id: string): CannedResponse | null
  /** The reply with this short code in the same scope (team, or the owner's own). */
  findByShortCode(ownerUsername: string | null, shortCode: string): CannedResponse | null
  insert(cannedResponse: CannedResponse, at: number): void
  /** Stores the picture of the canned response `id` (inserted first). */
  insertImage(id: string, image: Pick<StoredCannedImage, 'fileName' | 'mimeType' | 'bytes'>): void
  /** The picture of the canned response `id`, bytes included; null when it has none. */
  imageOf(id: string): StoredCannedImage | null
  /** Deletes the reply and, by its foreign key, its picture. */
  delete(id: string): void
}

export interface CannedResponseRow {
  id: string
  short_code: string
  body: string
  owner_username: string | null
  account_keys_json: string
  card_json: string | null
  file_name: string | null
  mime_type: string | null
  byte_length: number | null
}

export interface ImageRow {
  file_name: string
  mime_type: string
  bytes: Buffer
}

// length() of a blob reads its size, not its bytes: listing never loads pictures.
export const CANNED_RESPONSE_SELECT = `SELECT c.id, c.short_code, c.body, c.owner_username, c.account_keys_json, c.card_json, i.file_name, i.mime_type,
    length(i.bytes) AS byte_length
  FROM canned_responses AS c LEFT JOIN canned_response_images AS i ON i.canned_response_id = c.id`

/** Prepares the canned-response statements once on `database`. */
export function createCannedResponseRepository(database: Database): CannedResponseRepository {
  const visible = database.prepare<[string], CannedResponseRow>(
    `${CANNED_RESPONSE_SELECT} WHERE c.owner_username IS NULL OR c.owner_username = ? ORDER BY c.short_code, c.id`,
  )
  const all = database.prepare<[], CannedResponseRow>(`${CANNED_RESPONSE_SELECT} ORDER BY c.short_code, c.id`)
  const byId = database.prepare<[string], CannedResponseRow>(`${CANNED_RESPONSE_SELECT} WHERE c.id = ?`)
  const byCode = database.prepare<[string, string], CannedResponseRow>(
    `${CANNED_RESPONSE_SELECT} WHERE coalesce(c.owner_username, '') = ? AND c.short_code = ?`,
  )
  const insert = database.prepare(
    `INSERT INTO canned_responses (id, short_code, body, owner_username, account_keys_json, card_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertImage = database.prepare(
    `INSERT INTO canned_response_images (canned_response_id, file_name, mime_type, bytes) VALUES (?, ?, ?, ?)`,
  )
  const image = database.prepare<[string], ImageRow>(
    'SELECT file_name, mime_type, bytes FROM canned_response_images WHERE canned_response_id = ?',
  )
  const remove = database.prepare('DELETE FROM canned_responses WHERE id = ?')
  return {
    listVisibleTo: (username) => visible.all(username).map(cannedResponseOf),
    listAll: () => all.all().map(cannedResponseOf),
    get(id) {
      const row = byId.get(id)
      return row === undefined ? null : cannedResponseOf(row)
    },
    findByShortCode(ownerUsername, shortCode) {
      const row = byCode.get(ownerUsername ?? '', shortCode)
      return row === undefined ? null : cannedResponseOf(row)
    },
    insert(cannedResponse, at) {
      insert.run(
        cannedResponse.id,
        cannedResponse.shortCode,
        cannedResponse.body,
        cannedResponse.ownerUsername,
        JSON.stringify(cannedResponse.accountKeys),
        cannedResponse.card === null ? null : JSON.stringify(cannedResponse.card),
        at,
        at,
      )
    },
    insertImage(id, { fileName, mimeType, bytes }) {
      insertImage.run(id, fileName, mimeType, bytes)
    },
    imageOf(id) {
      const row = image.get(id)
      if (row === undefined) return null
      return { fileName: row.file_name, mimeType: row.mime_type, bytes: row.bytes }
    },
    delete(id) {
      remove.run(id)
    },
  }
}

export function cannedResponseOf(row: CannedResponseRow): CannedResponse {
  return {
    id: row.id,
    shortCode: row.short_code,
    body: row.body,
    ownerUsername: row.owner_username,
    accountKeys: JSON.parse(row.account_keys_json) as string[],
    card: row.card_json === null ? null : (JSON.parse(row.card_json) as CannedCard),
    image:
      row.file_name === null || row.mime_type === null || row.byte_length === null
        ? null
        : { fileName: row.file_name, mimeType: row.mime_type, byteLength: row.byte_length },
  }
}
