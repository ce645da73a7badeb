import type { ConversationViewers } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { EventVisibility } from '../desktops/event-visibility.js'
import type { LiveDesktops } from '../desktops/live-desktops.js'
import type { RelayStore } from '../store/relay-store.js'
import { createPresenceTracker, type PresenceTracker } from './presence-tracker.js'

/** Tunables of presence; tests shorten them. */
export interface PresenceOptions {
  /** A desktop silent this long turns offline (default 90 s). */
  readonly timeoutMs?: number
  readonly sweepIntervalMs?: number
}

/** Collaborators of the desktops' presence. */
export interface DesktopPresenceDependencies extends PresenceOptions {
  readonly store: RelayStore
  readonly now: () => number
  readonly desktops: LiveDesktops
  readonly canSee: EventVisibility
  /** Someone went online, away or offline (after every desktop heard it): the board and assignment follow. */
  readonly onPresenceChanged: (status: 'online' | 'away' | 'offline') => void
}

/**
 * Presence and viewing marks of the connected desktops. Every desktop that connects counts as online
 * until it disconnects or falls silent, and hears everyone's presence and the marks it may see; changes
 * reach every desktop, a viewing mark only those who may see the conversation.
 */
export function createDesktopPresence(dependencies: DesktopPresenceDependencies): PresenceTracker {
  const { store, desktops, canSee } = dependencies
  // Visibility of a conversation is visibility of its events: one rule (desktops/event-visibility.ts).
  const maySee = (user: User, conversationId: string): boolean => {
    const conversation = store.conversations.get(conversationId)
    if (conversation === null) return false
    const probe: RelayEvent = { type: 'conversation.updated', seq: 0, at: 0, conversation }
    return canSee(user, probe)
  }
  const presence = createPresenceTracker({
    now: dependencies.now,
    timeoutMs: dependencies.timeoutMs,
    sweepIntervalMs: dependencies.sweepIntervalMs,
    onPresenceChanged(changed) {
      desktops.emitToAll('presence:changed', changed)
      dependencies.onPresenceChanged(changed.status)
    },
    onViewersChanged(viewers) {
      desktops.each((desktop) => {
        if (maySee(desktop.user, viewers.conversationId)) desktop.emit('viewing:changed', viewers)
      })
    },
  })
  // Marks set before this desktop connected, on the conversations its user may see.
  const visibleViewers = (user: User): ConversationViewers[] =>
    presence.allViewers().filter((viewers) => maySee(user, viewers.conversationId))
  desktops.onConnect((desktop, onDisconnect) => {
    presence.connect(desktop.id, desktop.user.username)
    desktop.emit('presence:snapshot', presence.list())
    desktop.emit('viewing:snapshot', visibleViewers(desktop.user))
    onDisconnect(() => presence.disconnect(desktop.id))
  })
  return presence
}
