import { z } from 'zod'
import type { OtherRelays } from '../cluster/other-relays.js'
import type { PresenceTracker } from './presence-tracker.js'

/**
 * What a relay tells the others about its desktops: one desktop's whole state after each change (so a
 * lost message is mended by the next), a desktop gone, or a new relay asking for everyone's state.
 */
const sharedPresenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('desktop'),
    relay: z.string(),
    socketId: z.string(),
    username: z.string(),
    status: z.enum(['online', 'away']),
    viewing: z.array(z.string()),
  }),
  z.object({ kind: z.literal('gone'), relay: z.string(), socketId: z.string() }),
  z.object({ kind: z.literal('hello'), relay: z.string() }),
])
type SharedPresence = z.infer<typeof sharedPresenceSchema>

interface LocalDesktop {
  readonly username: string
  status: 'online' | 'away'
  readonly viewing: Set<string>
}

interface RemoteDesktop {
  heardAt: number
  viewing: Set<string>
}

/** Collaborators of shared presence. */
export interface SharedPresenceDependencies {
  readonly relayId: string
  readonly otherRelays: OtherRelays
  readonly now: () => number
  /** The tracker's timeout: a remote desktop unheard for twice this long is forgotten (its relay died). */
  readonly timeoutMs: number
}

/**
 * Presence over every relay on one database. Each relay tracks its own desktops and tells the others
 * each change; what it hears it plays into its own tracker as desktops of their own (`relay/socket`), so
 * statuses, viewing marks, timeouts and who hears what follow one set of rules (presence-tracker.ts),
 * and each relay tells its own desktops. A relay killed with -9 says nothing: its desktops time out
 * like silent ones, and reconnect to a relay that is still up.
 */
export function sharePresence(
  local: PresenceTracker,
  dependencies: SharedPresenceDependencies,
): PresenceTracker {
  const { relayId, otherRelays, now, timeoutMs } = dependencies
  const mine = new Map<string, LocalDesktop>()
  const remote = new Map<string, RemoteDesktop>()

  function tell(socketId: string): void {
    const desktop = mine.get(socketId)
    if (desktop === undefined) return
    const { username, status } = desktop
    otherRelays.tell({
      kind: 'desktop',
      relay: relayId,
      socketId,
      username,
      status,
      viewing: [...desktop.viewing],
    } satisfies SharedPresence)
  }

  function heard(message: SharedPresence): void {
    if (message.relay === relayId) return
    if (message.kind === 'hello') {
      for (const socketId of mine.keys()) tell(socketId)
      return
    }
    const id = `${message.relay}/${message.socketId}`
    if (message.kind === 'gone') {
      remote.delete(id)
      local.disconnect(id)
      return
    }
    let desktop = remote.get(id)
    if (desktop === undefined) {
      local.connect(id, message.username, message.status)
      desktop = { heardAt: now(), viewing: new Set() }
      remote.set(id, desktop)
    }
    desktop.heardAt = now()
    local.heartbeat(id, message.status)
    const viewing = new Set(message.viewing)
    for (const conversationId of desktop.viewing)
      if (!viewing.has(conversationId)) local.setViewing(id, conversationId, false)
    for (const conversationId of viewing)
      if (!desktop.viewing.has(conversationId)) local.setViewing(id, conversationId, true)
    desktop.viewing = viewing
  }

  otherRelays.listen((message) => {
    const parsed = sharedPresenceSchema.safeParse(message)
    if (parsed.success) heard(parsed.data)
  })
  otherRelays.onReachable(() => otherRelays.tell({ kind: 'hello', relay: relayId } satisfies SharedPresence))
  const forgetting = setInterval(() => {
    for (const [id, desktop] of remote) {
      if (now() - desktop.heardAt <= 2 * timeoutMs) continue
      remote.delete(id)
      local.disconnect(id)
    }
  }, timeoutMs)
  forgetting.unref()

  return {
    ...local,
    connect(socketId, username, status = 'online') {
      local.connect(socketId, username, status)
      mine.set(socketId, { username, status, viewing: new Set() })
      tell(socketId)
    },
    heartbeat(socketId, status) {
      const presence = local.heartbeat(socketId, status)
      const desktop = mine.get(socketId)
      if (desktop !== undefined) desktop.status = status
      tell(socketId)
      return presence
    },
    disconnect(socketId) {
      local.disconnect(socketId)
      if (mine.delete(socketId))
        otherRelays.tell({ kind: 'gone', relay: relayId, socketId } satisfies SharedPresence)
    },
    setViewing(socketId, conversationId, isViewing) {
      const viewers = local.setViewing(socketId, conversationId, isViewing)
      const desktop = mine.get(socketId)
      if (desktop !== undefined) {
        if (isViewing) desktop.viewing.add(conversationId)
        else desktop.viewing.delete(conversationId)
        tell(socketId)
      }
      return viewers
    },
    close() {
      clearInterval(forgetting)
      local.close()
    },
  }
}
