import type Database from 'better-sqlite3'
import type { Message } from '../../../common/domain/message.js'

const SAVED_READ_STATE_KEY = 'rebuildReadState'

/** This agent's read state of one conversation when the rebuild began. */
interface SavedReadState {
  readonly id: string
  readonly unreadCount: number
  readonly isMarkedUnread: boolean
  /** The conversation's last activity then: messages after it are news to this agent. */
  readonly readThrough: number
}

interface ReadStateRow {
  id: string
  unread_count: number
  is_marked_unread: number
  last_activity_at: number
}

/**
 * Starting the replica's shared state over when the relay's log is not the one the cursor counts (a
 * restored backup, a replaced database, a cursor past its head): conversations, messages, tags, canned
 * responses and users go, and the replay from seq 0 fills them again. What belongs to this desktop
 * stays: the outbox and its pending messages, drafts, and read state, which is saved at the reset (in
 * the replica, so a restart in the middle of the replay loses nothing) and put back once the replay
 * reached the head.
 */
export function createReplicaRebuild(database: Database.Database) {
  const statements = {
    getMeta: database.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: database.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteMeta: database.prepare('DELETE FROM meta WHERE key = ?'),
    readStates: database.prepare<[], ReadStateRow>(
      'SELECT id, unread_count, is_marked_unread, last_activity_at FROM conversations',
    ),
    // Messages made on this desktop and still on their way carry a local id; the outbox needs them.
    deleteFts: database.prepare(
      "DELETE FROM messages_fts WHERE rowid IN (SELECT rowid FROM messages WHERE id NOT LIKE 'local:%')",
    ),
    deleteMessages: database.prepare("DELETE FROM messages WHERE id NOT LIKE 'local:%'"),
    deleteConversationTags: database.prepare('DELETE FROM conversation_tags'),
    deleteConversations: database.prepare('DELETE FROM conversations'),
    deleteTags: database.prepare('DELETE FROM tags'),
    deleteCannedResponses: database.prepare('DELETE FROM canned_responses'),
    deleteUsers: database.prepare('DELETE FROM users'),
    unreadOf: database.prepare<[string], { unread_count: number; is_marked_unread: number }>(
      'SELECT unread_count, is_marked_unread FROM conversations WHERE id = ?',
    ),
    messagesAfter: database
      .prepare<[string, number], string>(
        `SELECT json FROM messages WHERE conversation_id = ? AND created_at > ? AND id NOT LIKE 'local:%'
         ORDER BY created_at, rowid`,
      )
      .pluck(),
    setReadState: database.prepare(
      'UPDATE conversations SET unread_count = ?, is_marked_unread = ? WHERE id = ?',
    ),
  }

  function saveReadState(): void {
    // A second reset (or snapshot) before the first rebuild finished keeps the first saved state: it
    // is this agent's; what came since was written by the unfinished rebuild.
    if (statements.getMeta.get(SAVED_READ_STATE_KEY) !== undefined) return
    const saved: SavedReadState[] = statements.readStates.all().map((row) => ({
      id: row.id,
      unreadCount: row.unread_count,
      isMarkedUnread: row.is_marked_unread === 1,
      readThrough: row.last_activity_at,
    }))
    statements.setMeta.run(SAVED_READ_STATE_KEY, JSON.stringify(saved))
  }

  const save = database.transaction(saveReadState)

  const reset = database.transaction((logId: string | null): void => {
    saveReadState()
    statements.deleteFts.run()
    statements.deleteMessages.run()
    statements.deleteConversationTags.run()
    statements.deleteConversations.run()
    statements.deleteTags.run()
    statements.deleteCannedResponses.run()
    statements.deleteUsers.run()
    // The cursor and the log it counts change together: 0 of the relay's log now.
    statements.setMeta.run('cursor', '0')
    if (logId === null) statements.deleteMeta.run('logId')
    else statements.setMeta.run('logId', logId)
  })

  const finish = database.transaction((me: string): string[] => {
    const json = statements.getMeta.get(SAVED_READ_STATE_KEY)
    if (json === undefined) return []
    const changed: string[] = []
    for (const saved of JSON.parse(json) as SavedReadState[]) {
      const rebuilt = statements.unreadOf.get(saved.id)
      if (rebuilt === undefined) continue
      let unreadCount = saved.unreadCount
      let isMarkedUnread = saved.isMarkedUnread
      for (const messageJson of statements.messagesAfter.all(saved.id, saved.readThrough)) {
        const message = JSON.parse(messageJson) as Message
        if (message.direction === 'incoming') unreadCount += 1
        else if (message.direction === 'outgoing' && message.senderUsername === me) {
          unreadCount = 0
          isMarkedUnread = false
        }
      }
      // The replay counted the follower's lines since my last reply: more cannot be unread (the relay may
      // have lost some that were unread here).
      unreadCount = Math.min(unreadCount, rebuilt.unread_count)
      if (unreadCount === rebuilt.unread_count && isMarkedUnread === (rebuilt.is_marked_unread === 1))
        continue
      statements.setReadState.run(unreadCount, isMarkedUnread ? 1 : 0, saved.id)
      changed.push(saved.id)
    }
    statements.deleteMeta.run(SAVED_READ_STATE_KEY)
    return changed
  })

  return {
    /**
     * Drops the shared state and the cursor, saving read state first, and names `logId` as the log the
     * cursor counts from now on; one transaction.
     */
    reset(logId: string | null): void {
      reset(logId)
    },
    /**
     * Saves read state (unless a rebuild already did) without dropping anything: a snapshot overwrites
     * the shared state in place and `finish` puts this agent's read state back over it.
     */
    save(): void {
      save()
    },
    /** A rebuild began and its replay has not reached the head yet. */
    isPending(): boolean {
      return statements.getMeta.get(SAVED_READ_STATE_KEY) !== undefined
    },
    /** The replay reached the head: puts the saved read state back; answers the conversations it changed. */
    finish(me: string): string[] {
      return finish(me)
    },
  }
}

/** Starting the replica's shared state over. */
export type ReplicaRebuild = ReturnType<typeof createReplicaRebuild>
