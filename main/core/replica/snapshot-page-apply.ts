import type Database from 'better-sqlite3'
import type { Message } from '../../../common/domain/message.js'
import type { SnapshotPage } from '../../../common/relay/events.js'
import { searchTextOf } from '../search/search-text-of.js'
import type { PutMessage } from './message-writer.js'
import type { ReplicaStatements } from './replica-statements.js'
import type { SearchIndexWriter } from './search-index-writer.js'
import { createSnapshotMessageWriter, type SnapshotMessageRow } from './snapshot-message-writer.js'

/** A snapshot page as validated on the desktop: each message with the JSON text to store for it. */
export interface ValidatedSnapshotPage extends Omit<SnapshotPage, 'messages'> {
  readonly messages: readonly { readonly message: Message; readonly json: string }[]
}

/** Storing snapshot pages: the answered function stores one page as one transaction. */
export function createSnapshotPageApply(
  database: Database.Database,
  statements: ReplicaStatements,
  searchIndex: SearchIndexWriter,
  putMessage: PutMessage,
) {
  // One page of a snapshot: current state, each conversation written once, messages in arrival order.
  const applySnapshotPageInTransaction = database.transaction((page: ValidatedSnapshotPage): number => {
    // A set the page carries is the whole set: what it does not list is gone.
    if (page.tags !== undefined) {
      statements.deleteTags.run()
      for (const tag of page.tags) statements.upsertTag.run(tag.id, JSON.stringify(tag))
    }
    if (page.cannedResponses !== undefined) {
      statements.deleteCannedResponses.run()
      for (const canned of page.cannedResponses)
        statements.upsertCanned.run(canned.id, JSON.stringify(canned))
    }
    if (page.users !== undefined) {
      statements.deleteUsers.run()
      for (const user of page.users) statements.upsertUser.run(user.username, JSON.stringify(user))
    }
    for (const conversation of page.conversations) {
      const written = statements.putSnapshotConversation.run(
        conversation.id,
        conversation.version,
        conversation.assignee,
        conversation.status,
        conversation.lastMessage?.createdAt ?? conversation.updatedAt,
        conversation.lastMessage?.direction ?? null,
        JSON.stringify(conversation.tagIds),
        JSON.stringify(conversation),
        // A resolved conversation waits for no reply, whatever came in before it was resolved.
        conversation.status === 'resolved' ? 0 : conversation.unansweredCount,
      )
      if (written.changes === 0) continue
      statements.deleteConversationTags.run(conversation.id)
      for (const tagId of conversation.tagIds) statements.insertConversationTag.run(tagId, conversation.id)
    }
    if (!searchIndex.isDeferred()) for (const { message, json } of page.messages) putMessage(message, json)
    else putDeferredMessages(page.messages)
    return page.conversations.length + page.messages.length
  })

  // While the search index is deferred, only local messages are below it (see replica-snapshot): a row
  // written here neither leaves nor joins the index, so rows go many to a statement, in page order.
  const snapshotMessageWriter = createSnapshotMessageWriter(database)
  function putDeferredMessages(messages: ValidatedSnapshotPage['messages']): void {
    const rows: SnapshotMessageRow[] = []
    for (const { message, json } of messages) {
      if (message.clientMessageId === null) {
        const searchText = searchTextOf(message)
        rows.push({
          id: message.id,
          conversationId: message.conversationId,
          createdAt: message.createdAt,
          searchText,
          json,
        })
        continue
      }
      snapshotMessageWriter.write(rows)
      rows.length = 0
      putMessage(message, json)
    }
    snapshotMessageWriter.write(rows)
  }

  return applySnapshotPageInTransaction
}
