import type Database from 'better-sqlite3'
import type { SearchIndexWriter } from './search-index-writer.js'

/**
 * What the relay deleted, deleted here too: a follower an admin erased (`conversation.erased`) and the
 * messages the relay's retention expired (`messages.expired`). Runs inside the event batch's
 * transaction; the search index follows every deleted row.
 */
export function createHistoryRemoval(database: Database.Database, searchIndex: SearchIndexWriter) {
  const messagesOf = database
    .prepare<[string], number>('SELECT rowid FROM messages WHERE conversation_id = ?')
    .pluck()
  const messagesBefore = database
    .prepare<[number], number>('SELECT rowid FROM messages WHERE created_at < ?')
    .pluck()
  const relayMessagesBefore = database.prepare<[number], { rowid: number; id: string }>(
    "SELECT rowid, id FROM messages WHERE created_at < ? AND id NOT LIKE 'local:%'",
  )
  const deleteMessage = database.prepare('DELETE FROM messages WHERE rowid = ?')
  const deleteConversation = database.prepare('DELETE FROM conversations WHERE id = ?')
  const deleteTags = database.prepare('DELETE FROM conversation_tags WHERE conversation_id = ?')
  const deleteDraft = database.prepare('DELETE FROM drafts WHERE conversation_id = ?')
  // Queued commands stay: the outbox still owes them an answer, which the relay gives (`not_found`).
  const deleteSettledCommands = database.prepare(
    "DELETE FROM outbox WHERE conversation_id = ? AND state <> 'queued'",
  )
  const conversationIds = database.prepare<[], string>('SELECT id FROM conversations').pluck()
  const expirePreviews = database.prepare(`
    UPDATE conversations SET json = json_set(json, '$.lastMessage', json('null'))
    WHERE json_extract(json, '$.lastMessage.createdAt') < ?`)

  function deleteRows(rowids: readonly number[]): number {
    for (const rowid of rowids) {
      searchIndex.unindex(rowid)
      deleteMessage.run(rowid)
    }
    return rowids.length
  }

  return {
    /** Drops the follower's conversation, messages, tags, draft and settled commands; answers the messages dropped. */
    eraseConversation(conversationId: string): number {
      const count = deleteRows(messagesOf.all(conversationId))
      deleteConversation.run(conversationId)
      deleteTags.run(conversationId)
      deleteDraft.run(conversationId)
      deleteSettledCommands.run(conversationId)
      return count
    },
    /**
     * Drops every conversation a snapshot did not list: the snapshot jumped the cursor past the
     * `conversation.erased` events of followers erased meanwhile, and lists only what the user may see
     * now. Answers the ids that went.
     */
    keepOnlyConversations(listed: ReadonlySet<string>): string[] {
      const gone = conversationIds.all().filter((id) => !listed.has(id))
      for (const id of gone) this.eraseConversation(id)
      return gone
    },
    /**
     * A snapshot's end: drops the relay's messages created before `before` except those the snapshot
     * carried (ones the relay took after its retention pass), so the replica holds what the relay holds.
     * Previews stay: every conversation the snapshot listed came with the relay's own.
     */
    expireMessagesExcept(before: number, carried: ReadonlySet<string>): number {
      return deleteRows(
        relayMessagesBefore
          .all(before)
          .filter((row) => !carried.has(row.id))
          .map((row) => row.rowid),
      )
    },
    /** Drops messages created before `before` and previews of them; answers the messages dropped. */
    expireMessages(before: number): number {
      const count = deleteRows(messagesBefore.all(before))
      expirePreviews.run(before)
      return count
    },
  }
}

/** Deletes here what the relay deleted. */
export type HistoryRemoval = ReturnType<typeof createHistoryRemoval>
