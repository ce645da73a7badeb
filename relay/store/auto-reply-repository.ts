import type { Database } from 'better-sqlite3'
import {
  autoReplyRulesSchema,
  DEFAULT_AUTO_REPLY_RULES,
  type AutoReplyRules,
} from '../../common/relay/auto-reply-rules.js'

/** The rules as stored, with who changed them last. */
export interface StoredAutoReplyRules {
  readonly rules: AutoReplyRules
  readonly updatedAt: number | null
  readonly updatedBy: string | null
}

/** Auto-reply rules and off-hours cooldowns in the relay's SQLite store (migration 0003). */
export function createAutoReplyRepository(database: Database) {
  const select = database.prepare<[], { rules_json: string; updated_at: number; updated_by: string | null }>(
    'SELECT rules_json, updated_at, updated_by FROM auto_reply_settings WHERE id = 1',
  )
  const upsert = database.prepare(
    `INSERT INTO auto_reply_settings (id, rules_json, updated_at, updated_by) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
  )
  const selectCooldown = database.prepare<[string, string], { sent_at: number }>(
    'SELECT sent_at FROM auto_reply_cooldowns WHERE conversation_id = ? AND rule = ?',
  )
  const upsertCooldown = database.prepare(
    `INSERT INTO auto_reply_cooldowns (conversation_id, rule, sent_at) VALUES (?, ?, ?)
     ON CONFLICT (conversation_id, rule) DO UPDATE SET sent_at = excluded.sent_at`,
  )
  // Every stored push asks for the rules; only `put` changes them, so they are read once per change.
  let current: StoredAutoReplyRules | null = null
  function read(): StoredAutoReplyRules {
    const row = select.get()
    if (row === undefined) return { rules: DEFAULT_AUTO_REPLY_RULES, updatedAt: null, updatedBy: null }
    // Parse on the way out too: a row from an older schema must not crash the webhook path.
    const parsed = autoReplyRulesSchema.safeParse(JSON.parse(row.rules_json))
    return {
      rules: parsed.success ? parsed.data : DEFAULT_AUTO_REPLY_RULES,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  }
  return {
    /** The rules in force; the defaults until an admin saves some. */
    get(): StoredAutoReplyRules {
      current ??= read()
      return current
    },
    put(rules: AutoReplyRules, at: number, username: string | null): StoredAutoReplyRules {
      // Forgotten before the write: the next read takes what the database then holds.
      current = null
      upsert.run(JSON.stringify(rules), at, username)
      return { rules, updatedAt: at, updatedBy: username }
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
