import type { Conversation } from '../../common/domain/conversation.js'
import type { RelayLogger } from '../logger.js'
import type { RelayStore } from '../store/relay-store.js'
import { appendInternalLine } from './activity-line.js'
import { withTicketStatus } from './ticket-status.js'

/** Resolves what the follower went silent on, for teams that ask it to. */
export interface AutoResolve {
  /** Looks now (tests); answers the conversations it resolved. */
  sweep(): Promise<readonly Conversation[]>
  close(): void
}

/**
 * Whether a conversation is due to be resolved for its follower's silence: unresolved, the team's reply
 * the last word (nothing unanswered), and no word from the follower for `hours`.
 */
export function isSilentFor(conversation: Conversation, hours: number, at: number): boolean {
  return (
    conversation.status !== 'resolved' &&
    conversation.unansweredCount === 0 &&
    conversation.lastIncomingAt !== null &&
    at - conversation.lastIncomingAt >= hours * 3_600_000
  )
}

/**
 * Teams that set `autoResolveAfterHours` have their agents' conversations resolved after that long of
 * follower silence (off unless set), by the relay, with the usual activity line. One relay at a time.
 */
export function createAutoResolve(dependencies: {
  readonly store: RelayStore
  readonly now: () => number
  readonly logger: RelayLogger
  /** How often it looks (default 5 minutes). */
  readonly intervalMs?: number
}): AutoResolve {
  const { store, now, logger } = dependencies

  async function sweep(): Promise<readonly Conversation[]> {
    const teams = (await store.teams.list()).filter((team) => team.autoResolveAfterHours !== null)
    if (teams.length === 0) return []
    return store.exclusively('auto-resolve', () =>
      store.commit(async (tx, events) => {
        const at = now()
        const hoursOf = new Map(teams.map((team) => [team.id, team.autoResolveAfterHours!]))
        const resolved: Conversation[] = []
        for (const user of await tx.userDirectory.list()) {
          const hours = user.teamId === null ? undefined : hoursOf.get(user.teamId)
          if (hours === undefined) continue
          for (const row of await tx.board.openOf(user.username)) {
            const conversation = await tx.conversations.get(row.id)
            if (
              conversation === null ||
              conversation.assignee !== user.username ||
              !isSilentFor(conversation, hours, at)
            )
              continue
            const updated = withTicketStatus(conversation, 'resolved', at)
            await tx.conversations.save(updated)
            events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
            await appendInternalLine(tx, events, {
              conversation: updated,
              actor: null,
              at,
              body: { type: 'activity', action: 'status_changed', detail: 'resolved' },
            })
            resolved.push(updated)
          }
        }
        if (resolved.length > 0)
          logger.info({ count: resolved.length }, 'resolved after the follower’s silence')
        return resolved
      }),
    )
  }

  const timer = setInterval(
    () => void sweep().catch((error: unknown) => logger.error({ err: error }, 'auto-resolve failed')),
    dependencies.intervalMs ?? 5 * 60_000,
  )
  timer.unref()
  return { sweep, close: () => clearInterval(timer) }
}
