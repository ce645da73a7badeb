import type { Awaiting } from '../../awaiting.js'
import {
  CANNED_RESPONSE_SELECT,
  cannedResponseOf,
  type CannedResponseRepository,
  type CannedResponseRow,
  type ImageRow,
} from '../../canned-response-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

// By code point, as SQLite's BINARY orders them, whatever the database's locale.
const ORDER = 'ORDER BY c.short_code COLLATE "C", c.id COLLATE "C"'

export function createPostgresCannedResponseRepository(db: Queryable): Awaiting<CannedResponseRepository> {
  async function one(where: string, values: readonly unknown[]) {
    const row = await rowOf<CannedResponseRow>(db, `${CANNED_RESPONSE_SELECT} WHERE ${where}`, values)
    return row === undefined ? null : cannedResponseOf(row)
  }
  return {
    listVisibleTo: async (username) =>
      (
        await rowsOf<CannedResponseRow>(
          db,
          `${CANNED_RESPONSE_SELECT} WHERE c.owner_username IS NULL OR c.owner_username = $1 ${ORDER}`,
          [username],
        )
      ).map(cannedResponseOf),
    listAll: async () =>
      (await rowsOf<CannedResponseRow>(db, `${CANNED_RESPONSE_SELECT} ${ORDER}`)).map(cannedResponseOf),
    get: (id) => one('c.id = $1', [id]),
    findByShortCode: (ownerUsername, shortCode) =>
      one(`coalesce(c.owner_username, '') = $1 AND c.short_code = $2`, [ownerUsername ?? '', shortCode]),
    async insert(cannedResponse, at) {
      await db.query(
        `INSERT INTO canned_responses (id, short_code, body, owner_username, account_keys_json, card_json, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [
          cannedResponse.id,
          cannedResponse.shortCode,
          cannedResponse.body,
          cannedResponse.ownerUsername,
          JSON.stringify(cannedResponse.accountKeys),
          cannedResponse.card === null ? null : JSON.stringify(cannedResponse.card),
          at,
        ],
      )
    },
    async insertImage(id, { fileName, mimeType, bytes }) {
      await db.query(
        'INSERT INTO canned_response_images (canned_response_id, file_name, mime_type, bytes) VALUES ($1, $2, $3, $4)',
        [id, fileName, mimeType, bytes],
      )
    },
    async imageOf(id) {
      const row = await rowOf<ImageRow>(
        db,
        'SELECT file_name, mime_type, bytes FROM canned_response_images WHERE canned_response_id = $1',
        [id],
      )
      return row === undefined ? null : { fileName: row.file_name, mimeType: row.mime_type, bytes: row.bytes }
    },
    async delete(id) {
      await db.query('DELETE FROM canned_responses WHERE id = $1', [id])
    },
  }
}
