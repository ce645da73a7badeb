import type { AgentPresence } from '../../common/domain/team.js'
import type { RelayLogger } from '../logger.js'
import type { RelayStore } from '../store/relay-store.js'

/** Keeps agents' time online for reports. */
export interface OnlineTime {
  /** Records who is online now (on a presence change, and every minute while anyone is). */
  record(): Promise<void>
  close(): void
}

const TICK_MS = 60_000

/**
 * Each online stretch is one row from the moment the agent came online, its end moved forward while it
 * lasts: a relay that stops leaves the stretch ending at its last record, never open-ended. Relays on
 * one database each record what they see; reports merge overlapping stretches per agent.
 */
export function createOnlineTime(dependencies: {
  readonly store: RelayStore
  readonly presences: () => readonly AgentPresence[]
  readonly now: () => number
  readonly logger: RelayLogger
}): OnlineTime {
  const { store, presences, now, logger } = dependencies
  // Who was online at the last record, since when: one who is not any more ends their stretch now.
  let wasOnline = new Map<string, number>()
  async function record(): Promise<void> {
    const online = new Map(
      presences()
        .filter((presence) => presence.status === 'online')
        .map((presence) => [presence.username, presence.since]),
    )
    const ended = [...wasOnline].filter(([username, since]) => online.get(username) !== since)
    wasOnline = online
    if (online.size === 0 && ended.length === 0) return
    const at = now()
    await store.transaction(async (tx) => {
      for (const [username, since] of [...ended, ...online])
        await tx.reports.saveOnlineSpan({ username, startedAt: since, endedAt: at })
    })
  }
  const timer = setInterval(
    () =>
      void record().catch((error: unknown) => logger.warn({ err: error }, 'recording time online failed')),
    TICK_MS,
  )
  timer.unref()
  return { record, close: () => clearInterval(timer) }
}

/** Total length of the union of `spans` within [from, to): stretches seen by several relays count once. */
export function unionLengthOf(
  spans: readonly { readonly startedAt: number; readonly endedAt: number }[],
  from: number,
  to: number,
): number {
  const clipped = spans
    .map((span) => [Math.max(span.startedAt, from), Math.min(span.endedAt, to)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let reach = -Infinity
  for (const [start, end] of clipped) {
    if (end <= reach) continue
    total += end - Math.max(start, reach)
    reach = end
  }
  return total
}
