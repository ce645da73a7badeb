import { createPostgresMediaRepository } from './repositories/media-repository.js'
import { createPostgresQrCodeRepository } from './repositories/qr-code-repository.js'
import { createPostgresReportRepository } from './repositories/report-repository.js'
import type { ClientBase } from 'pg'
import type { StoreAccess } from '../relay-store.js'
import type { PostgresEventLog } from './postgres-event-log.js'
import type { Queryable } from './queryable.js'
import { createPostgresAccountRepository } from './repositories/account-repository.js'
import { createPostgresAssignmentRepository } from './repositories/assignment-repository.js'
import { createPostgresAuditLogRepository } from './repositories/audit-log-repository.js'
import { createPostgresBoardRepository } from './repositories/board-repository.js'
import { createPostgresCannedResponseRepository } from './repositories/canned-response-repository.js'
import { createPostgresConversationRepository } from './repositories/conversation-repository.js'
import { createPostgresFollowerDataRepository } from './repositories/follower-data-repository.js'
import { createPostgresMessageRepository } from './repositories/message-repository.js'
import {
  createPostgresInboundPushRepository,
  createPostgresSessionRepository,
} from './repositories/simple-repositories.js'
import { createPostgresTagRepository } from './repositories/tag-repository.js'
import { createPostgresTeamRepository } from './repositories/team-repository.js'
import {
  createPostgresAccessTokenCache,
  createPostgresAutoReplyRepository,
} from './repositories/token-and-auto-reply-repositories.js'
import {
  createPostgresUserDirectoryRepository,
  createPostgresUserRepository,
} from './repositories/user-repository.js'

/** A write outside a transaction has no log to append to: appends belong to a commit. */
class AppendOutsideTransactionError extends Error {
  constructor() {
    super('events are appended inside a transaction (store.commit), never on the pool')
  }
}

/**
 * Every repository over `db`: the pool outside a transaction, or `transaction`'s client inside one, where
 * conversation reads lock their row and the log can be appended to.
 */
export function postgresRepositoriesOf(
  db: Queryable,
  log: PostgresEventLog,
  transaction?: ClientBase,
): StoreAccess {
  return {
    conversations: createPostgresConversationRepository(db, transaction !== undefined),
    messages: createPostgresMessageRepository(db),
    events: {
      async append(event) {
        if (transaction === undefined) throw new AppendOutsideTransactionError()
        const [appended] = await log.append(transaction, [event])
        if (appended === undefined) throw new Error('the log appended nothing')
        return appended
      },
      after: (cursor, limit, through) => log.after(cursor, limit, through),
      head: () => log.head(),
    },
    inboundPushes: createPostgresInboundPushRepository(db),
    users: createPostgresUserRepository(db),
    sessions: createPostgresSessionRepository(db),
    tags: createPostgresTagRepository(db),
    cannedResponses: createPostgresCannedResponseRepository(db),
    teams: createPostgresTeamRepository(db),
    userDirectory: createPostgresUserDirectoryRepository(db),
    assignments: createPostgresAssignmentRepository(db),
    board: createPostgresBoardRepository(db),
    audit: createPostgresAuditLogRepository(db),
    followerData: createPostgresFollowerDataRepository(db),
    autoReplies: createPostgresAutoReplyRepository(db),
    accounts: createPostgresAccountRepository(db),
    accessTokens: createPostgresAccessTokenCache(db),
    media: createPostgresMediaRepository(db),
    reports: createPostgresReportRepository(db),
    qrCodes: createPostgresQrCodeRepository(db),
  }
}
