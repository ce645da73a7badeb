import type { RelayEvent } from '../../common/relay/events.js'
import type { AccountRepository } from './account-repository.js'
import type { AutoReplyRepository } from './auto-reply-repository.js'
import type { AccessTokenCache } from './access-token-cache.js'
import type { AssignmentRepository } from './assignment-repository.js'
import type { AuditLogRepository } from './audit-log-repository.js'
import type { Awaiting } from './awaiting.js'
import type { BoardRepository } from './board-repository.js'
import type { CannedResponseRepository } from './canned-response-repository.js'
import type { ConversationRepository } from './conversation-repository.js'
import type { DurablePublisher } from './durable-publisher.js'
import type { EventLog } from './event-log.js'
import type { FollowerDataRepository } from './follower-data-repository.js'
import type { InboundPushRepository } from './inbound-push-repository.js'
import type { MediaRepository } from './media-repository.js'
import type { MessageRepository } from './message-repository.js'
import type { QrCodeRepository } from './qr-code-repository.js'
import type { ReportRepository } from './report-repository.js'
import type { SessionRepository } from './session-repository.js'
import type { StoreHealthState } from './store-health.js'
import type { StoreSnapshot } from './store-snapshot.js'
import type { TagRepository } from './tag-repository.js'
import type { TeamRepository } from './team-repository.js'
import type { UserDirectoryRepository } from './user-directory-repository.js'
import type { UserRepository } from './user-repository.js'

/** The log's statements: what a transaction appends and what a replay reads. */
export type EventLogStatements = Pick<EventLog, 'append' | 'after' | 'head'>

/**
 * What the relay reads and writes, asynchronously: the store outside any transaction, or one
 * transaction's own connection (PostgreSQL runs each on a client of its own; SQLite has one connection).
 */
export interface StoreAccess {
  readonly conversations: Awaiting<ConversationRepository>
  readonly messages: Awaiting<MessageRepository>
  readonly events: Awaiting<EventLogStatements>
  readonly inboundPushes: Awaiting<InboundPushRepository>
  readonly users: Awaiting<UserRepository>
  readonly sessions: Awaiting<SessionRepository>
  readonly tags: Awaiting<TagRepository>
  readonly cannedResponses: Awaiting<CannedResponseRepository>
  readonly teams: Awaiting<TeamRepository>
  readonly userDirectory: Awaiting<UserDirectoryRepository>
  readonly assignments: Awaiting<AssignmentRepository>
  readonly board: Awaiting<BoardRepository>
  readonly audit: Awaiting<AuditLogRepository>
  /** The deletions of retention and erasure. */
  readonly followerData: Awaiting<FollowerDataRepository>
  readonly autoReplies: Awaiting<AutoReplyRepository>
  /** The official accounts admins manage (sealed secrets). */
  readonly accounts: Awaiting<AccountRepository>
  /** The one access token per account, shared by every relay on the store. */
  readonly accessTokens: Awaiting<AccessTokenCache>
  /** Media files by hash, the messages holding them, the fetches to make, uploads per account. */
  readonly media: Awaiting<MediaRepository>
  /** Ticket facts, hourly counts and time online, for reports. */
  readonly reports: Awaiting<ReportRepository>
  /** Parametric QR codes per account, and the conversations scenes brought. */
  readonly qrCodes: Awaiting<QrCodeRepository>
}

/** One open write transaction: every read and write of its work goes through it, never the store. */
export interface StoreTransaction extends StoreAccess {
  /** Runs `work` in a savepoint: if it throws, only its own writes are taken back. */
  savepoint<T>(work: () => Promise<T>): Promise<T>
}

/** Work inside one transaction: it pushes the events it appends to the log onto `events`. */
export type CommitWork<T> = (tx: StoreTransaction, events: RelayEvent[]) => Promise<T>

/**
 * The relay's system of record behind one port, with two engines: SQLite (`sqlite-relay-store.ts`, one
 * process on a file) and PostgreSQL (`postgres/postgres-relay-store.ts`, several relays on one database).
 * The webhook, hub, routes and domain see only this.
 */
export interface RelayStore extends StoreAccess {
  readonly engine: 'sqlite' | 'postgres'
  /**
   * The log's identity: a desktop's cursor counts only against the log it was taken from. Minted when
   * the store opens a database without one (new, upgraded, or restored from a backup, which drops it).
   */
  readonly logId: string
  /**
   * The JSON of an event this process appended or read from the log, exactly as `JSON.stringify` writes
   * it (its `seq` included), so a broadcast reuses the string the log stored; undefined for any other value.
   */
  jsonOf(value: unknown): string | undefined
  /** Whether the store can write now; a write the disk refuses throws `StoreUnavailableError`. */
  readonly health: { readonly state: StoreHealthState }
  /**
   * Runs `work` in one write transaction. Events it appends are not published: a change desktops hear
   * of goes through `commit` or `commitSyncedLater`. Transactions never nest: inside one, use its
   * `savepoint`.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>
  /**
   * The one way a writer changes what desktops see: `work` writes and pushes the events it appends to the
   * log onto `events`, in one transaction that is durable when this resolves; those events then go to
   * the durable publisher, in `seq` order.
   */
  commit<T>(work: CommitWork<T>): Promise<T>
  /**
   * As `commit`, but resolves once committed, before the disk has it: `synced` resolves once it is
   * durable and its events are published, before anything the caller chains on `synced` (the group
   * commit answers only then).
   */
  commitSyncedLater<T>(work: CommitWork<T>): Promise<{ readonly result: T; readonly synced: Promise<void> }>
  /** This relay among the relays on the database: new at each start. */
  readonly relayId: string
  /**
   * Whether the relay `relayId` still runs (on SQLite, where one relay owns the file: only this one).
   * A relay that stopped, however it stopped, reads as not running.
   */
  isRelayRunning(relayId: string): Promise<boolean>
  /**
   * Runs `work` while no other holder of `key` runs, in this process or in any relay on the same
   * database: for what must happen once at a time across relays (fetching WeChat's one access token).
   * Not a transaction: `work` uses the store as usual.
   */
  exclusively<T>(key: string, work: () => Promise<T>): Promise<T>
  /** What of the log is durable and sent on: replays end at its head, snapshots wait for theirs. */
  readonly publisher: Pick<DurablePublisher, 'head' | 'published'>
  /** The state as of the log's head now, read in its own transaction while writes go on; close it. */
  openSnapshot(): Promise<Awaiting<StoreSnapshot>>
  /** About how many conversations and messages there are (messages read off their key, not counted). */
  stateSize(): Promise<number>
  close(): Promise<void>
}
