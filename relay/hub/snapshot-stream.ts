import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent, SnapshotPage, SnapshotStart } from '../../common/relay/events.js'
import type { RelayStore } from '../store/relay-store.js'
import type { Awaiting } from '../store/awaiting.js'
import type { StoreSnapshot } from '../store/store-snapshot.js'

/** Conversations and messages per `snapshot:page` (about 0.7 MB of JSON). */
export const SNAPSHOT_PAGE_SIZE = 2_000

/**
 * A desktop further behind than this share of the relay's state (conversations + messages) gets a
 * snapshot instead of the replay. A replayed event costs a desktop about 2.5 times what a snapshot row
 * does (measured ~50 µs against ~20 µs: each message event also carries and rewrites its whole
 * conversation), so the replay is the cheaper way only below about 0.4 of the state.
 */
export const SNAPSHOT_THRESHOLD = 0.4

/**
 * Pages sent ahead of the desktop's acks: it always has the next ones at hand while it stores one, and
 * memory stays bounded (a few MB) however slow the desktop is.
 */
const PAGES_IN_FLIGHT = 4

/** Where a snapshot goes: one desktop's socket, seen through what the stream needs of it. */
export interface SnapshotChannel {
  begin(info: SnapshotStart): void
  /** Resolves when the desktop acked the page; rejects when it went away or did not answer in time. */
  page(page: SnapshotPage): Promise<void>
  end(info: { readonly seq: number }): void
  isClosed(): boolean
}

/** What a snapshot stream reads and whom it is for. */
export interface SnapshotStreamOptions {
  readonly store: RelayStore
  readonly user: User
  /** The event visibility rule: an entity is in the snapshot when the event carrying it would reach the user. */
  readonly canSee: (user: User, event: RelayEvent) => boolean
  /**
   * Resolves once `seq` is on disk and published. The snapshot's read may see commits whose fsync is
   * still running; none of it goes out before that fsync, or a power cut could leave a desktop with
   * state the relay lost.
   */
  readonly published: (seq: number) => Promise<void>
  readonly pageSize?: number
}

/** What a finished snapshot sent, for the log. */
export interface SnapshotSent {
  readonly seq: number
  readonly conversations: number
  readonly messages: number
}

/** Whether a desktop at `cursor` should start from a snapshot rather than replay the log up to `head`. */
export async function isWorthASnapshot(store: RelayStore, cursor: number, head: number): Promise<boolean> {
  if (head <= cursor) return false
  // A desktop starting from nothing has nothing to keep: the state is never larger than its history.
  if (cursor === 0) return true
  return head - cursor > (await store.stateSize()) * SNAPSHOT_THRESHOLD
}

/**
 * Sends the state the user may see as of one point of the log, in pages, and answers that point's
 * `seq` (the replay continues after it), or null when the desktop went away meanwhile. Read in one
 * read transaction on its own connection, so writes landing meanwhile are not in it and come with the
 * replay that follows: neither lost nor sent twice.
 */
export async function streamSnapshot(
  channel: SnapshotChannel,
  options: SnapshotStreamOptions,
): Promise<SnapshotSent | null> {
  const pageSize = options.pageSize ?? SNAPSHOT_PAGE_SIZE
  const snapshot = await options.store.openSnapshot()
  try {
    const { seq } = snapshot
    await options.published(seq)
    if (channel.isClosed()) return null
    const all = await snapshot.conversations()
    const conversations = all.filter((conversation) =>
      options.canSee(options.user, conversationEventOf(conversation, seq)),
    )
    // null: every conversation is visible, and the message scan need not look each one up.
    const visibleIds = conversations.length === all.length ? null : new Set(conversations.map(({ id }) => id))
    let messageCount = 0
    for (const [conversationId, count] of await snapshot.messageCounts())
      if (visibleIds === null || visibleIds.has(conversationId)) messageCount += count
    const expiredBefore = await snapshot.expiredBefore()
    channel.begin({
      seq,
      conversations: conversations.length,
      messages: messageCount,
      ...(expiredBefore === null ? {} : { expiredBefore }),
    })
    const inFlight: Promise<void>[] = []
    for await (const page of pagesOf(snapshot, options, conversations, visibleIds, pageSize)) {
      if (channel.isClosed()) return null
      const acked = channel.page(page)
      // Awaited below; the handler only keeps a rejection that arrives early from going unhandled.
      acked.catch(() => undefined)
      inFlight.push(acked)
      if (inFlight.length >= PAGES_IN_FLIGHT) await inFlight.shift()
    }
    for (const acked of inFlight) await acked
    if (channel.isClosed()) return null
    channel.end({ seq })
    return { seq, conversations: conversations.length, messages: messageCount }
  } catch (error) {
    if (channel.isClosed()) return null
    throw error
  } finally {
    await snapshot.close()
  }
}

/** The pages of a snapshot, read lazily: shared sets and conversations first, then messages by arrival. */
async function* pagesOf(
  snapshot: Awaiting<StoreSnapshot>,
  options: SnapshotStreamOptions,
  conversations: readonly Conversation[],
  visibleIds: ReadonlySet<string> | null,
  pageSize: number,
): AsyncGenerator<SnapshotPage> {
  const { user, canSee } = options
  const at = 0
  const { seq } = snapshot
  yield {
    tags: (await snapshot.tags()).filter((tag) => canSee(user, { seq, at, type: 'tag.upserted', tag })),
    cannedResponses: (await snapshot.cannedResponses()).filter((cannedResponse) =>
      canSee(user, { seq, at, type: 'canned-response.upserted', cannedResponse }),
    ),
    users: (await snapshot.users()).filter((listed) =>
      canSee(user, { seq, at, type: 'user.upserted', user: listed }),
    ),
    conversations: conversations.slice(0, pageSize),
    messages: [],
  }
  for (let start = pageSize; start < conversations.length; start += pageSize)
    yield { conversations: conversations.slice(start, start + pageSize), messages: [] }
  let after: number | null = 0
  while (after !== null) {
    const page = await snapshot.messages(after, pageSize, visibleIds)
    if (page.messages.length > 0) yield { conversations: [], messages: page.messages }
    after = page.next
  }
}

function conversationEventOf(conversation: Conversation, seq: number): RelayEvent {
  return { seq, at: conversation.updatedAt, type: 'conversation.updated', conversation }
}
