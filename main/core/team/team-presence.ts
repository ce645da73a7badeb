import type { AgentPresence, Board, ConversationViewers } from '../../../common/domain/team.js'
import type { CommandOutcome, PushChannel, PushChannels } from '../../../common/ipc/channels.js'
import type { CommandRequest, ParsedCommandAnswer } from '../../../common/relay/relay-commands.js'
import type { Clock } from '../sync/clock.js'
import type { LiveStatePush } from '../sync/sync-connection.js'
import { agentPresenceSchema, boardSchema, conversationViewersSchema } from './team-schemas.js'

/** How often the desktop repeats its status: well inside the relay's 90 s silence timeout. */
export const HEARTBEAT_INTERVAL_MS = 30_000

type LiveCommand = 'presence:set' | 'conversation:view' | 'board:watch'

/** Sends one socket command and reduces the ack, parsed with the command's schema, to an outcome (the core's `command`). */
export type LiveCommandSender = <C extends LiveCommand>(
  name: C,
  request: CommandRequest<C>,
) => Promise<CommandOutcome<ParsedCommandAnswer<C>>>

/** What the team presence needs from the core. */
export interface TeamPresenceOptions {
  readonly clock: Clock
  readonly heartbeatMs?: number
  readonly send: LiveCommandSender
  readonly push: <P extends PushChannel>(channel: P, payload: PushChannels[P]) => void
  readonly report: (message: string) => void
}

/**
 * The live, unlogged side of working in a team: everyone's presence, who views which conversation,
 * the board for supervisors, and this desktop's own status sent as the heartbeat. The relay forgets a
 * desktop's marks and board watch when its socket goes, so all of it is said again on every reconnect;
 * it sends everyone's presence and marks on connecting, which replace what was heard before.
 */
export function createTeamPresence(options: TeamPresenceOptions) {
  const { clock, send, push, report } = options
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS
  const presences = new Map<string, AgentPresence>()
  const viewersById = new Map<string, ConversationViewers>()
  const viewing = new Set<string>()
  let status: 'online' | 'away' = 'online'
  let isWatchingBoard = false
  let cancelHeartbeat: (() => void) | null = null
  let isStopped = false

  function pushPresences(): void {
    push('presence:changed', [...presences.values()])
  }

  function keepViewers(viewers: ConversationViewers): void {
    if (viewers.usernames.length === 0) viewersById.delete(viewers.conversationId)
    else viewersById.set(viewers.conversationId, viewers)
    push('viewing:changed', viewers)
  }

  const parsePresence = (value: unknown): AgentPresence => agentPresenceSchema.parse(value)
  const parseViewers = (value: unknown): ConversationViewers => conversationViewersSchema.parse(value)
  const parseBoard = (value: unknown): Board => boardSchema.parse(value)

  async function sendStatus(): Promise<CommandOutcome<AgentPresence>> {
    const outcome = await send('presence:set', { status })
    if (outcome.ok) {
      presences.set(outcome.value.username, outcome.value)
      pushPresences()
    }
    return outcome
  }

  function scheduleHeartbeat(): void {
    cancelHeartbeat?.()
    if (isStopped) return
    cancelHeartbeat = clock.setTimer(() => {
      cancelHeartbeat = null
      void sendStatus().then((outcome) => {
        // Offline: the next `resume` starts beating again.
        if (outcome.ok || outcome.code !== 'offline') scheduleHeartbeat()
      })
    }, heartbeatMs)
  }

  async function watchBoard(): Promise<CommandOutcome<Board>> {
    const outcome = await send('board:watch', {})
    isWatchingBoard = outcome.ok || outcome.code === 'offline'
    return outcome
  }

  return {
    /** A live-state push from the relay; one that does not parse is reported and dropped. */
    apply(name: LiveStatePush, payload: unknown): void {
      try {
        if (name === 'presence:snapshot') {
          const list = agentPresenceSchema.array().parse(payload)
          presences.clear()
          for (const presence of list) presences.set(presence.username, presence)
          pushPresences()
        } else if (name === 'presence:changed') {
          const presence = parsePresence(payload)
          presences.set(presence.username, presence)
          pushPresences()
        } else if (name === 'viewing:snapshot') {
          const snapshot = conversationViewersSchema.array().parse(payload)
          const current = new Set(snapshot.map((viewers) => viewers.conversationId))
          // Marks heard before this connection that the relay no longer holds are cleared on screen too.
          for (const conversationId of [...viewersById.keys()]) {
            if (!current.has(conversationId)) keepViewers({ conversationId, usernames: [] })
          }
          for (const viewers of snapshot) keepViewers(viewers)
        } else if (name === 'viewing:changed') {
          keepViewers(parseViewers(payload))
        } else {
          push('board:changed', parseBoard(payload))
        }
      } catch (error) {
        report(`The relay sent a ${name} that was refused: ${String(error)}`)
      }
    },
    /** The connection is live again: say the status, the marks and the board watch anew, then beat. */
    async resume(): Promise<void> {
      isStopped = false
      // Others' marks are not cleared here: the relay's `viewing:snapshot` on connecting replaces them.
      const steps: Promise<unknown>[] = [sendStatus()]
      for (const conversationId of viewing) {
        steps.push(
          send('conversation:view', { conversationId, isViewing: true }).then((outcome) => {
            if (outcome.ok) keepViewers(outcome.value)
          }),
        )
      }
      if (isWatchingBoard) {
        steps.push(
          watchBoard().then((outcome) => {
            if (outcome.ok) push('board:changed', outcome.value)
          }),
        )
      }
      scheduleHeartbeat()
      await Promise.all(steps)
    },
    presences: (): readonly AgentPresence[] => [...presences.values()],
    viewers: (): readonly ConversationViewers[] => [...viewersById.values()],
    /** This desktop's status; kept and sent again after a reconnect when the relay cannot hear it now. */
    setStatus(next: 'online' | 'away'): Promise<CommandOutcome<AgentPresence>> {
      status = next
      return sendStatus()
    },
    status: (): 'online' | 'away' => status,
    /** Marks or clears "viewing"; best effort, never queued: a stale mark would mislead. */
    async view(conversationId: string, isViewing: boolean): Promise<null> {
      if (isViewing) viewing.add(conversationId)
      else viewing.delete(conversationId)
      const outcome = await send('conversation:view', { conversationId, isViewing })
      if (outcome.ok) keepViewers(outcome.value)
      return null
    },
    /** The board now, and `board:changed` on every change after (also after reconnects). */
    watchBoard,
    /** The connection went for good (sign-out): forget everything. */
    stop(): void {
      isStopped = true
      cancelHeartbeat?.()
      cancelHeartbeat = null
      presences.clear()
      viewersById.clear()
      viewing.clear()
      isWatchingBoard = false
      status = 'online'
    },
  }
}

/** The live side of working in a team. */
export type TeamPresence = ReturnType<typeof createTeamPresence>
