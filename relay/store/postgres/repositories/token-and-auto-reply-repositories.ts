import { autoReplyRulesSchema, DEFAULT_AUTO_REPLY_RULES } from '../../../../common/relay/auto-reply-rules.js'
import type { AccessTokenCache } from '../../access-token-cache.js'
import type { AutoReplyRepository } from '../../auto-reply-repository.js'
import type { Awaiting } from '../../awaiting.js'
import { changesOf, rowOf, type Queryable } from '../queryable.js'

/** The one access token per app and kind, read fresh each time: another relay may have refreshed it. */
export function createPostgresAccessTokenCache(db: Queryable): Awaiting<AccessTokenCache> {
  return {
    async read(appId, kind) {
      const row = await rowOf<{ token: string; expires_at: number; fetched_at: number }>(
        db,
        'SELECT token, expires_at, fetched_at FROM wechat_access_tokens WHERE app_id = $1 AND kind = $2',
        [appId, kind],
      )
      return row === undefined
        ? null
        : { token: row.token, expiresAt: row.expires_at, fetchedAt: row.fetched_at }
    },
    async write(appId, kind, token) {
      await db.query(
        `INSERT INTO wechat_access_tokens (app_id, kind, token, expires_at, fetched_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, kind) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
           fetched_at = excluded.fetched_at`,
        [appId, kind, token.token, token.expiresAt, token.fetchedAt],
      )
    },
    expire: async (appId, kind, token) =>
      (await changesOf(
        db,
        'DELETE FROM wechat_access_tokens WHERE app_id = $1 AND kind = $2 AND token = $3',
        [appId, kind, token],
      )) > 0,
  }
}

/**
 * Auto-reply rules and cooldowns. Unlike SQLite's, the rules are not cached in the process: an admin's
 * change lands through any relay, and every relay must answer by it at once.
 */
export function createPostgresAutoReplyRepository(db: Queryable): Awaiting<AutoReplyRepository> {
  return {
    async get() {
      const row = await rowOf<{ rules_json: string; updated_at: number; updated_by: string | null }>(
        db,
        'SELECT rules_json, updated_at, updated_by FROM auto_reply_settings WHERE id = 1',
      )
      if (row === undefined) return { rules: DEFAULT_AUTO_REPLY_RULES, updatedAt: null, updatedBy: null }
      // Parse on the way out too: a row from an older schema must not crash the webhook path.
      const parsed = autoReplyRulesSchema.safeParse(JSON.parse(row.rules_json))
      return {
        rules: parsed.success ? parsed.data : DEFAULT_AUTO_REPLY_RULES,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    },
    async put(rules, at, username) {
      await db.query(
        `INSERT INTO auto_reply_settings (id, rules_json, updated_at, updated_by) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
        [JSON.stringify(rules), at, username],
      )
      return { rules, updatedAt: at, updatedBy: username }
    },
    async lastSentAt(conversationId, rule) {
      const row = await rowOf<{ sent_at: number }>(
        db,
        'SELECT sent_at FROM auto_reply_cooldowns WHERE conversation_id = $1 AND rule = $2',
        [conversationId, rule],
      )
      return row?.sent_at ?? null
    },
    async markSent(conversationId, rule, at) {
      await db.query(
        `INSERT INTO auto_reply_cooldowns (conversation_id, rule, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (conversation_id, rule) DO UPDATE SET sent_at = excluded.sent_at`,
        [conversationId, rule, at],
      )
    },
  }
}
