import type { Awaiting } from '../../awaiting.js'
import {
  QR_COLUMNS,
  qrCodeOf,
  qrValuesOf,
  SCENE_CONVERSATIONS_SQL,
  sceneConversationOf,
  type QrCodeRepository,
  type QrCodeRow,
} from '../../qr-code-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

export function createPostgresQrCodeRepository(db: Queryable): Awaiting<QrCodeRepository> {
  return {
    list: async (accountKey) =>
      (
        await rowsOf<QrCodeRow>(
          db,
          `SELECT ${QR_COLUMNS} FROM qr_codes WHERE account_key = $1 ORDER BY created_at DESC`,
          [accountKey],
        )
      ).map(qrCodeOf),
    async save(code) {
      await db.query(
        `INSERT INTO qr_codes (${QR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (account_key, scene) DO UPDATE SET is_permanent = excluded.is_permanent,
           ticket = excluded.ticket, url = excluded.url, expires_at = excluded.expires_at,
           created_at = excluded.created_at, created_by = excluded.created_by`,
        qrValuesOf(code),
      )
    },
    countPermanent: async (accountKey) =>
      Number(
        (
          await rowOf<{ count: number }>(
            db,
            'SELECT count(*) AS count FROM qr_codes WHERE account_key = $1 AND is_permanent = 1',
            [accountKey],
          )
        )?.count ?? 0,
      ),
    sceneConversations: async () =>
      (await rowsOf<Record<string, unknown>>(db, SCENE_CONVERSATIONS_SQL)).map(sceneConversationOf),
  }
}
