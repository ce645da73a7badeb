import type { AccessTokenCache } from '../../access-token-cache.js'
import { EVERY_ACCOUNT, storedRulesOf, type AutoReplyRepository } from '../../auto-reply-repository.js'
import type { Awaiting } from '../../awaiting.js'
import { changesOf, rowOf, rowsOf, type Queryable } from '../queryable.js'

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
    async get(accountKey) {
      const rows = await rowsOf<{
        account_key: string
        rules_json: string
        updated_at: number
        updated_by: string | null
      }>(
        db,
        'SELECT account_key, rules_json, updated_at, updated_by FROM auto_reply_rules WHERE account_key IN ($1, $2)',
        [accountKey, EVERY_ACCOUNT],
      )
      return storedRulesOf(accountKey, rows)
    },
    async put(accountKey, rules, at, username) {
      await db.query(
        `INSERT INTO auto_reply_rules (account_key, rules_json, updated_at, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_key) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
        [accountKey, JSON.stringify(rules), at, username],
      )
      return {
        rules,
        updatedAt: at,
        updatedBy: username,
        accountKey: accountKey === EVERY_ACCOUNT ? null : accountKey,
        isInherited: false,
      }
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
