import type { Message } from '../../../common/domain/message.js'
import { searchTextOf } from '../search/search-text-of.js'
import type { ReplicaStatements } from './replica-statements.js'
import type { SearchIndexWriter } from './search-index-writer.js'

/**
 * Writes messages one row at a time, the search index following each: the path of events, of commands'
 * answers, and of snapshot messages that may replace this desktop's local copy. Answers the function
 * that stores one message.
 */
export function createMessageWriter(statements: ReplicaStatements, searchIndex: SearchIndexWriter) {
  const { unindex, indexText } = searchIndex

  /** Stores a message whole (as `json` when the caller has its text); answers whether it is new to the replica. */
  function putMessage(message: Message, json = JSON.stringify(message)): boolean {
    if (message.clientMessageId !== null) {
      // The relay's copy replaces the one this desktop showed while it was on its way.
      for (const other of statements.othersWithClientId.all(message.clientMessageId, message.id)) {
        unindex(other.rowid)
        statements.deleteMessage.run(other.rowid)
      }
    }
    const searchText = searchTextOf(message)
    // Insert first: during a catch-up nearly every message is new, so the lookup is the rare path.
    const inserted = statements.insertMessage.run(
      message.id,
      message.conversationId,
      message.createdAt,
      message.clientMessageId,
      searchText,
      json,
    )
    if (inserted.changes > 0) {
      indexText(Number(inserted.lastInsertRowid), searchText)
      return true
    }
    const existing = statements.messageById.get(message.id)!
    statements.updateMessage.run(message.createdAt, message.clientMessageId, searchText, json, existing.rowid)
    if (existing.search_text !== searchText) {
      unindex(existing.rowid)
      indexText(existing.rowid, searchText)
    }
    return false
  }

  return putMessage
}

/** Stores a message whole; answers whether it is new to the replica. */
export type PutMessage = ReturnType<typeof createMessageWriter>
