import BetterSqlite3, { type Database } from 'better-sqlite3'
import type { Conversation, Tag } from '../../common/domain/conversation.js'
import type { CannedResponse, User } from '../../common/domain/user.js'
import { createCannedResponseRepository } from './canned-response-repository.js'
import { conversationOf, type ConversationRow } from './conversation-repository.js'
import { MESSAGE_WITH_MEDIA_JSON_SQL } from './message-repository.js'
import { createTagRepository } from './tag-repository.js'
import { createUserDirectoryRepository } from './user-directory-repository.js'

/** Rows read from SQLite per step while looking for the messages a snapshot wants. */
const SCAN_STEP = 4_000

/** One page of messages (each a `Message` as JSON text) in arrival order, and where the next page starts (null: none left). */
export interface SnapshotMessagePage {
  readonly messages: readonly string[]
  readonly next: number | null
}

/**
 * The relay's state as of one point of its log, read on a connection of its own inside one read
 * transaction: WAL keeps that view fixed while the main connection goes on writing, so the state is
 * exactly the log up to `seq` however long the reading takes. Close it when done: an open read
 * transaction keeps the WAL from being checkpointed past it.
 */
export interface StoreSnapshot {
  /** The head of the log inside the transaction. */
  readonly seq: number
  /** Every conversation. */
  conversations(): Conversation[]
  tags(): Tag[]
  /** Every canned response (team and personal: the caller filters by owner). */
  cannedResponses(): CannedResponse[]
  users(): User[]
  /**
   * The cutoff of the latest retention pass in the log (messages created before it are gone), or null:
   * a desktop that jumps past that `messages.expired` by taking the snapshot drops the same messages.
   */
  expiredBefore(): number | null
  /** How many messages each conversation holds. */
  messageCounts(): Map<string, number>
  /**
   * Messages after arrival position `after` (0: from the first), oldest first, at most `limit`, only
   * those of `conversationIds` when given.
   */
  messages(after: number, limit: number, conversationIds: ReadonlySet<string> | null): SnapshotMessagePage
  /** Ends the read transaction and closes the connection; safe to call twice. */
  close(): void
}

/** Opens a read-only connection on the store's file and starts the snapshot's read transaction. */
export function openStoreSnapshot(file: string): StoreSnapshot {
  const database: Database = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  try {
    database.pragma('busy_timeout = 5000')
    // BEGIN alone takes no snapshot: the first read does, and the head is that read.
    database.exec('BEGIN')
    const seq = database.prepare<[], number | null>('SELECT max(seq) FROM events').pluck().get() ?? 0
    return createSnapshot(database, seq)
  } catch (error) {
    database.close()
    throw error
  }
}

function createSnapshot(database: Database, seq: number): StoreSnapshot {
  const statements = {
    conversations: database.prepare<[], ConversationRow>('SELECT * FROM conversations ORDER BY id'),
    messageCounts: database.prepare<[], { conversation_id: string; count: number }>(
      'SELECT conversation_id, count(*) AS count FROM messages GROUP BY conversation_id',
    ),
    latestExpiry: database
      .prepare<[], string>(
        "SELECT payload_json FROM events WHERE type = 'messages.expired' ORDER BY seq DESC LIMIT 1",
      )
      .pluck(),
    messages: database.prepare<[number, number], { position: number; conversation_id: string; json: string }>(
      `SELECT position, conversation_id, ${MESSAGE_WITH_MEDIA_JSON_SQL} AS json FROM messages WHERE position > ?
       ORDER BY position LIMIT ?`,
    ),
  }
  let isOpen = true
  return {
    seq,
    conversations: () => statements.conversations.all().map(conversationOf),
    tags: () => createTagRepository(database).list(),
    cannedResponses: () => createCannedResponseRepository(database).listAll(),
    users: () => createUserDirectoryRepository(database).list(),
    expiredBefore() {
      const json = statements.latestExpiry.get()
      return json === undefined ? null : (JSON.parse(json) as { before: number }).before
    },
    messageCounts() {
      const counts = new Map<string, number>()
      for (const row of statements.messageCounts.all()) counts.set(row.conversation_id, row.count)
      return counts
    },
    messages(after, limit, conversationIds) {
      const messages: string[] = []
      let position = after
      // Bounded: each step moves past SCAN_STEP rows or reaches the end of the table.
      for (;;) {
        const rows = statements.messages.all(position, conversationIds === null ? limit : SCAN_STEP)
        for (const row of rows) {
          position = row.position
          if (conversationIds !== null && !conversationIds.has(row.conversation_id)) continue
          messages.push(row.json)
          if (messages.length === limit) return { messages, next: position }
        }
        if (rows.length < (conversationIds === null ? limit : SCAN_STEP)) return { messages, next: null }
      }
    },
    close() {
      if (!isOpen) return
      isOpen = false
      if (database.inTransaction) database.exec('COMMIT')
      database.close()
    },
  }
}
