import type { Database } from 'better-sqlite3'
import {
  autoReplyRulesSchema,
  DEFAULT_AUTO_REPLY_RULES,
  type AutoReplyRules,
} from '../../common/relay/auto-reply-rules.js'

/** The key of the rules every account without its own answers by. */
export const EVERY_ACCOUNT = '*'

/** The rules as stored, with who changed them last. */
export interface StoredAutoReplyRules {
  readonly rules: AutoReplyRules
  readonly updatedAt: number | null
  readonly updatedBy: string | null
  /** The account they are for; null: every account without rules of its own. */
  readonly accountKey: string | null
  /** The account has none of its own: these are every account's (or the defaults). */
  readonly isInherited: boolean
}

interface RulesRow {
  readonly account_key: string
  readonly rules_json: string
  readonly updated_at: number
  readonly updated_by: string | null
}

/**
 * The rules in force for `accountKey` from the rows of the account and of every account: the account's
 * own, else every account's, else the defaults. Parsed on the way out too: a row from an older schema must
 * not crash the webhook path.
 */
export function storedRulesOf(accountKey: string, rows: readonly RulesRow[]): StoredAutoReplyRules {
  const own = rows.find((row) => row.account_key === accountKey)
  const row = own ?? rows.find((each) => each.account_key === EVERY_ACCOUNT)
  const asked = accountKey === EVERY_ACCOUNT ? null : accountKey
  const isInherited = asked !== null && own === undefined
  if (row === undefined)
    return {
      rules: DEFAULT_AUTO_REPLY_RULES,
      updatedAt: null,
      updatedBy: null,
      accountKey: asked,
      isInherited,
    }
  const parsed = autoReplyRulesSchema.safeParse(JSON.parse(row.rules_json))
  return {
    rules: parsed.success ? parsed.data : DEFAULT_AUTO_REPLY_RULES,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
    accountKey: asked,
    isInherited,
  }
}

/** Auto-reply rules per account (`*` for every account) and off-hours cooldowns (migrations 0003, 0021). */
export function createAutoReplyRepository(database: Database) {
  const select = database.prepare<[string, string], RulesRow>(
    'SELECT account_key, rules_json, updated_at, updated_by FROM auto_reply_rules WHERE account_key IN (?, ?)',
  )
  const upsert = database.prepare(
    `INSERT INTO auto_reply_rules (account_key, rules_json, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_key) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
  )
  const selectCooldown = database.prepare<[string, string], { sent_at: number }>(
    'SELECT sent_at FROM auto_reply_cooldowns WHERE conversation_id = ? AND rule = ?',
  )
  const upsertCooldown = database.prepare(
    `INSERT INTO auto_reply_cooldowns (conversation_id, rule, sent_at) VALUES (?, ?, ?)
     ON CONFLICT (conversation_id, rule) DO UPDATE SET sent_at = excluded.sent_at`,
  )
  // Every stored push asks for its account's rules; only `put` changes them, so they are read once per change.
  const current = new Map<string, StoredAutoReplyRules>()
  return {
    /** The rules in force for the account (`*`: every account's); the defaults until an admin saves some. */
    get(accountKey: string): StoredAutoReplyRules {
      let stored = current.get(accountKey)
      if (stored === undefined)
        current.set(accountKey, (stored = storedRulesOf(accountKey, select.all(accountKey, EVERY_ACCOUNT))))
      return stored
    },
    put(
      accountKey: string,
      rules: AutoReplyRules,
      at: number,
      username: string | null,
    ): StoredAutoReplyRules {
      // Forgotten before the write: the next read takes what the database then holds (every account's
      // rules change what accounts without their own answer by).
      current.clear()
      upsert.run(accountKey, JSON.stringify(rules), at, username)
      return {
        rules,
        updatedAt: at,
        updatedBy: username,
        accountKey: accountKey === EVERY_ACCOUNT ? null : accountKey,
        isInherited: false,
      }
    },
    /** When the conversation last got this rule's reply, or null. */
    lastSentAt(conversationId: string, rule: string): number | null {
      return selectCooldown.get(conversationId, rule)?.sent_at ?? null
    },
    markSent(conversationId: string, rule: string, at: number): void {
      upsertCooldown.run(conversationId, rule, at)
    },
  }
}

/** The auto-reply repository. */
export type AutoReplyRepository = ReturnType<typeof createAutoReplyRepository>
