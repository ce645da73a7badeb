import type Database from 'better-sqlite3'

/** A conversation's version and tags as stored, read before a page's conversations are written. */
export interface ConversationHead {
  id: string
  version: number
  tag_ids: string
}

interface InboxStateRow {
  id: string
  version: number
  unread_count: number
  is_marked_unread: number
  has_draft: number
}

/** A conversation as the inbox lists it. */
export interface ConversationRow {
  json: string
  unread_count: number
  is_marked_unread: number
  has_draft: number
}

/**
 * Every statement of the replica's repository, prepared once when the store is made: the apply paths
 * run them for each event and row of a catch-up.
 */
export function prepareReplicaStatements(database: Database.Database) {
  return {
    getMeta: database.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: database.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    conversationHeads: database.prepare<[string], ConversationHead>(
      'SELECT id, version, tag_ids FROM conversations WHERE id IN (SELECT value FROM json_each(?))',
    ),
    // The unread effect of a page: `isCleared` (my reply read it) then `increment` new incoming lines.
    upsertConversation: database.prepare<
      [string, number, string | null, string, number, string | null, string, string, number, number, number]
    >(`
      INSERT INTO conversations (id, version, assignee, status, last_activity_at, last_direction, tag_ids, json, unread_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, assignee = excluded.assignee,
        status = excluded.status, last_activity_at = excluded.last_activity_at,
        last_direction = excluded.last_direction, tag_ids = excluded.tag_ids, json = excluded.json,
        unread_count = iif(?, excluded.unread_count, conversations.unread_count + excluded.unread_count),
        is_marked_unread = iif(?, 0, conversations.is_marked_unread)`),
    // A snapshot's conversation: written unless the replica holds a newer version; unread is the relay's
    // count (what awaits a reply), put right for conversations this agent had read at the end.
    putSnapshotConversation: database.prepare<
      [string, number, string | null, string, number, string | null, string, string, number]
    >(`
      INSERT INTO conversations (id, version, assignee, status, last_activity_at, last_direction, tag_ids, json, unread_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, assignee = excluded.assignee,
        status = excluded.status, last_activity_at = excluded.last_activity_at,
        last_direction = excluded.last_direction, tag_ids = excluded.tag_ids, json = excluded.json,
        unread_count = excluded.unread_count
      WHERE excluded.version >= conversations.version`),
    deleteTags: database.prepare('DELETE FROM tags'),
    deleteCannedResponses: database.prepare('DELETE FROM canned_responses'),
    deleteUsers: database.prepare('DELETE FROM users'),
    updateUnread: database.prepare<[number, number, number, number, string]>(`
      UPDATE conversations SET unread_count = iif(?, ?, unread_count + ?),
        is_marked_unread = iif(?, 0, is_marked_unread) WHERE id = ?`),
    deleteConversationTags: database.prepare('DELETE FROM conversation_tags WHERE conversation_id = ?'),
    insertConversationTag: database.prepare(
      'INSERT OR IGNORE INTO conversation_tags (tag_id, conversation_id) VALUES (?, ?)',
    ),
    clearUnread: database.prepare(
      'UPDATE conversations SET unread_count = 0, is_marked_unread = 0 WHERE id = ?',
    ),
    markUnread: database.prepare('UPDATE conversations SET is_marked_unread = 1 WHERE id = ?'),
    messageById: database.prepare<[string], { rowid: number; search_text: string }>(
      'SELECT rowid, search_text FROM messages WHERE id = ?',
    ),
    othersWithClientId: database.prepare<[string, string], { rowid: number }>(
      'SELECT rowid FROM messages WHERE client_message_id = ? AND id <> ?',
    ),
    insertMessage: database.prepare<[string, string, number, string | null, string, string]>(`
      INSERT INTO messages (id, conversation_id, created_at, client_message_id, search_text, json)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`),
    updateMessage: database.prepare<[number, string | null, string, string, number]>(`
      UPDATE messages SET created_at = ?, client_message_id = ?, search_text = ?, json = ? WHERE rowid = ?`),
    deleteMessage: database.prepare('DELETE FROM messages WHERE rowid = ?'),
    insertFts: database.prepare(
      'INSERT INTO messages_fts (rowid, words, bigrams, unigrams) VALUES (?, ?, ?, ?)',
    ),
    deleteFts: database.prepare('DELETE FROM messages_fts WHERE rowid = ?'),
    deleteMeta: database.prepare('DELETE FROM meta WHERE key = ?'),
    nextRowid: database.prepare<[], number>('SELECT coalesce(max(rowid), 0) + 1 FROM messages').pluck(),
    unindexedTexts: database.prepare<[number, number], { rowid: number; search_text: string }>(
      "SELECT rowid, search_text FROM messages WHERE rowid >= ? AND search_text <> '' ORDER BY rowid LIMIT ?",
    ),
    upsertTag: database.prepare(
      'INSERT INTO tags (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    ),
    upsertCanned: database.prepare(
      'INSERT INTO canned_responses (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    ),
    deleteCanned: database.prepare('DELETE FROM canned_responses WHERE id = ?'),
    upsertUser: database.prepare(
      'INSERT INTO users (username, json) VALUES (?, ?) ON CONFLICT (username) DO UPDATE SET json = excluded.json',
    ),
    inboxPage: database.prepare<[number, number], ConversationRow>(`
      SELECT c.json, c.unread_count, c.is_marked_unread, d.conversation_id IS NOT NULL AS has_draft
      FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id
      ORDER BY c.last_activity_at DESC, c.id LIMIT ? OFFSET ?`),
    inboxStates: database.prepare<[string], InboxStateRow>(`
      SELECT c.id, c.version, c.unread_count, c.is_marked_unread, d.conversation_id IS NOT NULL AS has_draft
      FROM json_each(?) j JOIN conversations c ON c.id = j.value
      LEFT JOIN drafts d ON d.conversation_id = c.id ORDER BY j.key`),
    conversationJson: database
      .prepare<[string], string>('SELECT json FROM conversations WHERE id = ?')
      .pluck(),
    latestMessages: database
      .prepare<[string, number], string>(
        `
      SELECT json FROM messages WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .pluck(),
    messagePosition: database.prepare<
      [string],
      { conversation_id: string; created_at: number; rowid: number }
    >('SELECT conversation_id, created_at, rowid FROM messages WHERE id = ?'),
    messagesBefore: database
      .prepare<[string, number, number, number, number], string>(
        `
      SELECT json FROM messages WHERE conversation_id = ? AND (created_at < ? OR (created_at = ? AND rowid < ?))
      ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .pluck(),
    messageJson: database.prepare<[string], string>('SELECT json FROM messages WHERE id = ?').pluck(),
    messageByClientId: database
      .prepare<[string], string>(
        "SELECT json FROM messages WHERE client_message_id = ? ORDER BY id LIKE 'local:%' LIMIT 1",
      )
      .pluck(),
    draft: database.prepare<[string], string>('SELECT text FROM drafts WHERE conversation_id = ?').pluck(),
    setDraft: database.prepare(
      'INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at',
    ),
    deleteDraft: database.prepare('DELETE FROM drafts WHERE conversation_id = ?'),
    tags: database.prepare<[], string>('SELECT json FROM tags ORDER BY id').pluck(),
    cannedResponses: database.prepare<[], string>('SELECT json FROM canned_responses ORDER BY id').pluck(),
    users: database.prepare<[], string>('SELECT json FROM users ORDER BY username').pluck(),
    needingReply: database
      .prepare<[string], number>(
        `
      SELECT count(*) FROM conversations
      WHERE assignee = ? AND status <> 'resolved' AND last_direction = 'incoming'`,
      )
      .pluck(),
    conversationCount: database.prepare<[], number>('SELECT count(*) FROM conversations').pluck(),
    messageCount: database.prepare<[], number>('SELECT count(*) FROM messages').pluck(),
  }
}

/** The replica's prepared statements. */
export type ReplicaStatements = ReturnType<typeof prepareReplicaStatements>
