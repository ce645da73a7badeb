import { businessMsBetween } from '../../common/domain/business-hours.js'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Message } from '../../common/domain/message.js'
import { DEFAULT_REPLY_WINDOW_CONFIG, replyWindowAt } from '../../common/domain/reply-window.js'
import { calendarOf, slaDueOf } from '../../common/domain/sla.js'
import type { Team } from '../../common/domain/team.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { StoreTransaction } from '../store/relay-store.js'
import type { TicketFact, VolumeKind } from '../store/report-repository.js'

const HOUR = 3_600_000
/** A reply sent this close to the window's end "saved" the follower. */
const SAVED_WITHIN_MS = HOUR

/**
 * Applies each event of a commit to the facts of the ticket it touches, in log order, in the commit's
 * transaction (the store's `withinCommit`): whatever changes a ticket changes its facts.
 */
export async function recordReportFacts(tx: StoreTransaction, events: readonly RelayEvent[]): Promise<void> {
  const teams = new TeamLookup(tx)
  for (const event of events) {
    if (event.type === 'message.created' && event.message.direction === 'incoming')
      await onIncoming(tx, event.message, event.conversation)
    else if (
      event.type === 'message.created' &&
      event.message.direction === 'outgoing' &&
      event.message.status === 'sent'
    )
      // A passive reply is stored sent: it is counted as it is made.
      await count(tx, event.conversation, event.message.createdAt, 'out', event.message.senderUsername)
    else if (event.type === 'message.updated' && event.message.direction === 'outgoing')
      await onOutgoingUpdated(tx, teams, event.message, event.conversation)
    else if (event.type === 'conversation.updated')
      await onConversationUpdated(tx, teams, event.conversation, event.at)
  }
}

/** Teams and users' teams, read once per commit and only when a ticket needs its calendar. */
class TeamLookup {
  private teams: readonly Team[] | null = null
  private readonly teamIdOfUser = new Map<string, string | null>()
  constructor(private readonly tx: StoreTransaction) {}

  async teamIdOf(username: string | null): Promise<string | null> {
    if (username === null) return null
    if (!this.teamIdOfUser.has(username))
      this.teamIdOfUser.set(username, (await this.tx.users.get(username))?.user.teamId ?? null)
    return this.teamIdOfUser.get(username) ?? null
  }

  async team(teamId: string | null): Promise<Team | null> {
    if (teamId === null) return null
    this.teams ??= await this.tx.teams.list()
    return this.teams.find((team) => team.id === teamId) ?? null
  }
}

const hourOf = (at: number) => at - (at % HOUR)

async function count(
  tx: StoreTransaction,
  conversation: Conversation,
  at: number,
  kind: VolumeKind,
  username: string | null = conversation.assignee,
): Promise<void> {
  await tx.reports.count({
    hourStart: hourOf(at),
    accountKey: conversation.accountKey,
    username: username ?? '',
    kind,
    count: 1,
  })
}

/** A follower's message: it opens (or reopens) the ticket, or rates the last one; events only count. */
async function onIncoming(tx: StoreTransaction, message: Message, conversation: Conversation): Promise<void> {
  if (message.body.type === 'event') return
  await count(tx, conversation, message.createdAt, 'in')
  const rating = conversation.rating
  if (rating !== null && rating.at === message.createdAt && conversation.status === 'resolved') {
    const rated = await tx.reports.factOf(conversation.id, rating.ticketNumber)
    if (rated !== null) await tx.reports.saveFact({ ...rated, rating: rating.score, ratedAt: rating.at })
    return
  }
  const current = await tx.reports.factOf(conversation.id, conversation.ticketNumber)
  const window = replyWindowAt(conversation.windowHistory, message.createdAt, DEFAULT_REPLY_WINDOW_CONFIG)
  const base: TicketFact = current ?? {
    conversationId: conversation.id,
    ticketNumber: conversation.ticketNumber,
    accountKey: conversation.accountKey,
    openedAt: message.createdAt,
    lastIncomingAt: message.createdAt,
    windowClosesAt: null,
    firstResponseAt: null,
    firstResponseBy: null,
    firstResponseBusinessMs: null,
    status: conversation.status,
    resolvedAt: null,
    resolvedBy: null,
    resolutionBusinessMs: null,
    reopenedCount: 0,
    assignee: conversation.assignee,
    teamId: null,
    tagIds: conversation.tagIds,
    awaitingSince: null,
    isFirstResponseBreached: false,
    nextResponseBreaches: 0,
    rating: null,
    ratedAt: null,
    ratingAskedAt: null,
  }
  const isReopened = base.status === 'resolved' && conversation.status !== 'resolved'
  await tx.reports.saveFact({
    ...base,
    lastIncomingAt: Math.max(base.lastIncomingAt, message.createdAt),
    windowClosesAt: window.expiresAt ?? base.windowClosesAt,
    status: conversation.status,
    reopenedCount: base.reopenedCount + (isReopened ? 1 : 0),
    resolvedAt: isReopened ? null : base.resolvedAt,
    awaitingSince: base.awaitingSince ?? message.createdAt,
  })
}

/** A message WeChat took: counted; an agent's reply answers the ticket (first response, SLA, saves). */
async function onOutgoingUpdated(
  tx: StoreTransaction,
  teams: TeamLookup,
  message: Message,
  conversation: Conversation,
): Promise<void> {
  if (message.status !== 'sent') return
  const isTemplate = message.body.type === 'template'
  await count(tx, conversation, message.createdAt, isTemplate ? 'template' : 'out', message.senderUsername)
  if (isTemplate || message.isAutomatic) return
  const fact = await tx.reports.factOf(conversation.id, conversation.ticketNumber)
  if (fact === null) return
  const window = replyWindowAt(conversation.windowHistory, message.createdAt, DEFAULT_REPLY_WINDOW_CONFIG)
  if (window.expiresAt !== null && window.expiresAt - message.createdAt <= SAVED_WITHIN_MS)
    await count(tx, conversation, message.createdAt, 'saved', message.senderUsername)
  const teamId = await teams.teamIdOf(message.senderUsername)
  const team = await teams.team(teamId ?? fact.teamId)
  const isFirst = fact.firstResponseAt === null
  const wasDue =
    fact.awaitingSince === null
      ? null
      : slaDueOf(
          {
            status: 'open',
            awaitingReplySince: fact.awaitingSince,
            ticketRepliedAt: isFirst ? null : fact.firstResponseAt,
            tagIds: conversation.tagIds,
          },
          team,
        )
  const isBreached = wasDue !== null && message.createdAt > wasDue.dueAt
  await tx.reports.saveFact({
    ...fact,
    firstResponseAt: isFirst ? message.createdAt : fact.firstResponseAt,
    firstResponseBy: isFirst ? message.senderUsername : fact.firstResponseBy,
    firstResponseBusinessMs: isFirst
      ? businessMsBetween(calendarOf(team), fact.openedAt, message.createdAt)
      : fact.firstResponseBusinessMs,
    isFirstResponseBreached: fact.isFirstResponseBreached || (isFirst && isBreached),
    nextResponseBreaches: fact.nextResponseBreaches + (!isFirst && isBreached ? 1 : 0),
    awaitingSince: null,
  })
}

/** Status, holder, tags and the rating question of the ticket as they are now. */
async function onConversationUpdated(
  tx: StoreTransaction,
  teams: TeamLookup,
  conversation: Conversation,
  at: number,
): Promise<void> {
  const fact = await tx.reports.factOf(conversation.id, conversation.ticketNumber)
  if (fact === null) return
  const isResolved = conversation.status === 'resolved' && fact.status !== 'resolved'
  const isReopened = conversation.status !== 'resolved' && fact.status === 'resolved'
  const teamId =
    conversation.assignee === fact.assignee && fact.teamId !== null
      ? fact.teamId
      : ((await teams.teamIdOf(conversation.assignee)) ?? fact.teamId)
  const asked = conversation.ratingQuestion
  const updated: TicketFact = {
    ...fact,
    status: conversation.status,
    assignee: conversation.assignee,
    teamId,
    tagIds: conversation.tagIds,
    resolvedAt: isResolved ? at : isReopened ? null : fact.resolvedAt,
    resolvedBy: isResolved ? conversation.assignee : fact.resolvedBy,
    resolutionBusinessMs: isResolved
      ? businessMsBetween(calendarOf(await teams.team(teamId)), fact.openedAt, at)
      : fact.resolutionBusinessMs,
    reopenedCount: fact.reopenedCount + (isReopened ? 1 : 0),
    awaitingSince: isResolved ? null : fact.awaitingSince,
    ratingAskedAt:
      asked !== null && asked.ticketNumber === fact.ticketNumber ? asked.askedAt : fact.ratingAskedAt,
  }
  if (JSON.stringify(updated) !== JSON.stringify(fact)) await tx.reports.saveFact(updated)
}

/** A send the window's quota refused: counted for reports in a transaction of its own. */
export async function countQuotaRefusal(
  tx: StoreTransaction,
  conversation: Conversation,
  username: string | null,
  at: number,
): Promise<void> {
  await count(tx, conversation, at, 'refused', username)
}
