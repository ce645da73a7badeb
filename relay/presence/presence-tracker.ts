import type { AgentPresence, ConversationViewers, PresenceStatus } from '../../common/domain/team.js'

/** How long a desktop may stay silent before it counts as offline, by default. */
export const PRESENCE_TIMEOUT_MS = 90_000

/** Presence is live state, not history: kept in memory, announced as it changes, never logged. */
export interface PresenceTracker {
  /** A desktop connected: it counts as `status` (online) until it says otherwise or falls silent. */
  connect(socketId: string, username: string, status?: 'online' | 'away'): void
  /** A heartbeat carrying the desktop's status (online, or away from idle detection or by hand). */
  heartbeat(socketId: string, status: 'online' | 'away'): AgentPresence
  disconnect(socketId: string): void
  /** Marks or clears the desktop's "viewing" of a conversation; answers the viewers after. */
  setViewing(socketId: string, conversationId: string, isViewing: boolean): ConversationViewers
  viewersOf(conversationId: string): ConversationViewers
  /** Every conversation someone views now (fresh desktops only), for the snapshot a new desktop gets. */
  allViewers(): ConversationViewers[]
  statusOf(username: string): PresenceStatus
  /** Everyone seen since the relay started, online or not. */
  list(): AgentPresence[]
  /** Turns desktops silent past the timeout offline; runs on a timer, callable directly in tests. */
  sweep(): void
  close(): void
}

/** Collaborators of the tracker. */
export interface PresenceTrackerDependencies {
  readonly now: () => number
  readonly timeoutMs?: number
  /** How often silent desktops are looked for; defaults to a third of the timeout. */
  readonly sweepIntervalMs?: number
  readonly onPresenceChanged: (presence: AgentPresence) => void
  readonly onViewersChanged: (viewers: ConversationViewers) => void
}

interface DesktopState {
  readonly username: string
  status: 'online' | 'away'
  lastSeenAt: number
  /** Fell silent past the timeout; its marks were withdrawn once. */
  isStale: boolean
  readonly viewing: Set<string>
}

/** Creates a tracker and starts its sweep timer (unref'd: it never keeps the process alive). */
export function createPresenceTracker(dependencies: PresenceTrackerDependencies): PresenceTracker {
  const { now, onPresenceChanged, onViewersChanged } = dependencies
  const timeoutMs = dependencies.timeoutMs ?? PRESENCE_TIMEOUT_MS
  const desktops = new Map<string, DesktopState>()
  const presences = new Map<string, AgentPresence>()

  const isFresh = (desktop: DesktopState, at: number): boolean => at - desktop.lastSeenAt < timeoutMs

  function refresh(username: string): AgentPresence {
    const at = now()
    let status: PresenceStatus = 'offline'
    for (const desktop of desktops.values()) {
      if (desktop.username !== username || !isFresh(desktop, at)) continue
      if (desktop.status === 'online') status = 'online'
      else if (status === 'offline') status = 'away'
    }
    const previous = presences.get(username)
    if (previous !== undefined && previous.status === status) return previous
    const presence: AgentPresence = { username, status, since: at }
    presences.set(username, presence)
    onPresenceChanged(presence)
    return presence
  }

  function viewersOf(conversationId: string): ConversationViewers {
    const at = now()
    const usernames = new Set<string>()
    for (const desktop of desktops.values()) {
      if (desktop.viewing.has(conversationId) && isFresh(desktop, at)) usernames.add(desktop.username)
    }
    return { conversationId, usernames: [...usernames].sort() }
  }

  function stopViewing(desktop: DesktopState): void {
    const conversationIds = [...desktop.viewing]
    desktop.viewing.clear()
    for (const conversationId of conversationIds) onViewersChanged(viewersOf(conversationId))
  }

  function desktopOf(socketId: string): DesktopState {
    const desktop = desktops.get(socketId)
    if (desktop === undefined) throw new Error(`unknown desktop ${socketId}`)
    return desktop
  }

  const tracker: PresenceTracker = {
    connect(socketId, username, status = 'online') {
      desktops.set(socketId, {
        username,
        status,
        lastSeenAt: now(),
        isStale: false,
        viewing: new Set(),
      })
      refresh(username)
    },
    heartbeat(socketId, status) {
      const desktop = desktopOf(socketId)
      const wasSilent = desktop.isStale || !isFresh(desktop, now())
      desktop.status = status
      desktop.lastSeenAt = now()
      desktop.isStale = false
      // A desktop back from silence shows its marks again.
      if (wasSilent) for (const conversationId of desktop.viewing) onViewersChanged(viewersOf(conversationId))
      return refresh(desktop.username)
    },
    disconnect(socketId) {
      const desktop = desktops.get(socketId)
      if (desktop === undefined) return
      desktops.delete(socketId)
      stopViewing(desktop)
      refresh(desktop.username)
    },
    setViewing(socketId, conversationId, isViewing) {
      const desktop = desktopOf(socketId)
      const before = desktop.viewing.has(conversationId)
      if (isViewing) desktop.viewing.add(conversationId)
      else desktop.viewing.delete(conversationId)
      const viewers = viewersOf(conversationId)
      if (before !== isViewing) onViewersChanged(viewers)
      return viewers
    },
    viewersOf,
    allViewers() {
      const conversationIds = new Set<string>()
      for (const desktop of desktops.values())
        for (const conversationId of desktop.viewing) conversationIds.add(conversationId)
      return [...conversationIds]
        .sort()
        .map(viewersOf)
        .filter((viewers) => viewers.usernames.length > 0)
    },
    statusOf: (username) => presences.get(username)?.status ?? 'offline',
    list: () => [...presences.values()],
    sweep() {
      const at = now()
      const usernames = new Set<string>()
      for (const desktop of desktops.values()) {
        usernames.add(desktop.username)
        if (!isFresh(desktop, at) && !desktop.isStale) {
          desktop.isStale = true
          // Marks stay remembered for a heartbeat that revives the desktop, but others stop seeing them.
          for (const conversationId of desktop.viewing) onViewersChanged(viewersOf(conversationId))
        }
      }
      for (const username of presences.keys()) usernames.add(username)
      for (const username of usernames) refresh(username)
    },
    close() {
      clearInterval(timer)
    },
  }
  const timer = setInterval(() => tracker.sweep(), dependencies.sweepIntervalMs ?? Math.ceil(timeoutMs / 3))
  timer.unref()
  return tracker
}
