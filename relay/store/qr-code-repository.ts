import type { Database } from 'better-sqlite3'
import type { QrCode } from '../../common/relay/qr-code-schemas.js'

/** Followers by the QR scene they followed through, as WeChat's pushes told the relay. */
export interface SceneConversationRow {
  readonly id: string
  readonly scene: string
  readonly hasSeenFollow: boolean
  readonly isFollowing: boolean
  /** The follower wrote at least once (a ticket exists). */
  readonly hasWritten: boolean
}

/** Parametric QR codes per account, and the conversations that came through a scene. */
export interface QrCodeRepository {
  list(accountKey: string): QrCode[]
  save(code: QrCode): void
  countPermanent(accountKey: string): number
  /** Every conversation with a QR scene (the account is in its id). */
  sceneConversations(): SceneConversationRow[]
}

export interface QrCodeRow {
  account_key: string
  scene: string
  is_permanent: number
  ticket: string
  url: string
  expires_at: number | null
  created_at: number
  created_by: string
}

export const QR_COLUMNS = 'account_key, scene, is_permanent, ticket, url, expires_at, created_at, created_by'

/** Conversations that came through a scene: the flags reports per scene count. */
export const SCENE_CONVERSATIONS_SQL = `
  SELECT id, source_scene AS scene, has_seen_follow, follow_state,
    EXISTS (SELECT 1 FROM ticket_facts WHERE ticket_facts.conversation_id = conversations.id) AS has_written
  FROM conversations WHERE source_scene IS NOT NULL`

export function qrCodeOf(row: QrCodeRow): QrCode {
  return {
    accountKey: row.account_key,
    scene: row.scene,
    isPermanent: Number(row.is_permanent) === 1,
    ticket: row.ticket,
    url: row.url,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
  }
}

export function qrValuesOf(code: QrCode): unknown[] {
  return [
    code.accountKey,
    code.scene,
    code.isPermanent ? 1 : 0,
    code.ticket,
    code.url,
    code.expiresAt,
    code.createdAt,
    code.createdBy,
  ]
}

export function sceneConversationOf(row: Record<string, unknown>): SceneConversationRow {
  return {
    id: String(row['id']),
    scene: String(row['scene']),
    hasSeenFollow: Number(row['has_seen_follow']) === 1,
    isFollowing: row['follow_state'] === 'subscribed',
    hasWritten: row['has_written'] === true || Number(row['has_written']) === 1,
  }
}

/** Prepares the statements once on `database`. */
export function createQrCodeRepository(database: Database): QrCodeRepository {
  const list = database.prepare<[string], QrCodeRow>(
    `SELECT ${QR_COLUMNS} FROM qr_codes WHERE account_key = ? ORDER BY created_at DESC`,
  )
  const save = database.prepare(
    `INSERT OR REPLACE INTO qr_codes (${QR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const countPermanent = database
    .prepare<[string], number>('SELECT count(*) FROM qr_codes WHERE account_key = ? AND is_permanent = 1')
    .pluck()
  const sceneConversations = database.prepare<[], Record<string, unknown>>(SCENE_CONVERSATIONS_SQL)
  return {
    list: (accountKey) => list.all(accountKey).map(qrCodeOf),
    save: (code) => void save.run(...qrValuesOf(code)),
    countPermanent: (accountKey) => countPermanent.get(accountKey) ?? 0,
    sceneConversations: () => sceneConversations.all().map(sceneConversationOf),
  }
}
