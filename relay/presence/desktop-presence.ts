import type { ConversationViewers } from '../../common/domain/team.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import type { VisibilitySource } from '../desktops/event-visibility.js'
import type { LiveDesktops } from '../desktops/live-desktops.js'
import type { RelayStore } from '../store/relay-store.js'
import { createSerialQueue } from '../store/serial-queue.js'
import { createPresenceTracker, PRESENCE_TIMEOUT_MS, type PresenceTracker } from './presence-tracker.js'
import { sharePresence } from './shared-presence.js'

/** Tunables of presence; tests shorten them. */
export interface PresenceOptions {
  /** A desktop silent this long turns offline (default 90 s). */
  readonly timeoutMs?: number
  readonly sweepIntervalMs?: number
}

/** Collaborators of the desktops' presence. */
export interface DesktopPresenceDependencies extends PresenceOptions {
  readonly store: RelayStore
  /** This relay, as the other relays on its database know it. */
  readonly relayId: string
  readonly now: () => number
  readonly desktops: LiveDesktops
  readonly visibility: VisibilitySource
  /** Someone went online, away or offline (after every desktop heard it): the board and assignment follow. */
  readonly onPresenceChanged: (status: 'online' | 'away' | 'offline') => void
}

/**
 * Presence and viewing marks of the connected desktops, on every relay of the database. Every desktop
 * that connects counts as online until it disconnects or falls silent, and hears everyone's presence and
 * the marks it may see; changes reach every desktop, a viewing mark only those who may see the
 * conversation.
 */
export function createDesktopPresence(dependencies: DesktopPresenceDependencies): PresenceTracker {
  const { store, desktops, visibility } = dependencies
  // Visibility of a conversation is visibility of its events: one rule (desktops/event-visibility.ts).
  const viewersVisibleTo = async (
    marks: readonly ConversationViewers[],
  ): Promise<(user: User, viewers: ConversationViewers) => boolean> => {
    const canSee = await visibility()
    const probes = new Map<string, RelayEvent>()
    for (const { conversationId } of marks) {
      const conversation = await store.conversations.get(conversationId)
      if (conversation !== null)
        probes.set(conversationId, { type: 'conversation.updated', seq: 0, at: 0, conversation })
    }
    return (user, viewers) => {
      const probe = probes.get(viewers.conversationId)
      return probe !== undefined && canSee(user, probe)
    }
  }
  // Marks go out one change after another, as they were made, whatever each one's reads take.
  const marksInOrder = createSerialQueue()
  const send = (work: () => Promise<void>): void => {
    // A mark that cannot be checked is not sent: viewing marks are a hint the next change replaces.
    marksInOrder.run(work).catch(() => undefined)
  }
  const tracked = createPresenceTracker({
    now: dependencies.now,
    timeoutMs: dependencies.timeoutMs,
    sweepIntervalMs: dependencies.sweepIntervalMs,
    onPresenceChanged(changed) {
      desktops.emitToAll('presence:changed', changed)
      dependencies.onPresenceChanged(changed.status)
    },
    onViewersChanged(viewers) {
      send(async () => {
        const maySee = await viewersVisibleTo([viewers])
        desktops.each((desktop) => {
          if (maySee(desktop.user, viewers)) desktop.emit('viewing:changed', viewers)
        })
      })
    },
  })
  const presence =
    desktops.otherRelays === null
      ? tracked
      : sharePresence(tracked, {
          relayId: dependencies.relayId,
          otherRelays: desktops.otherRelays,
          now: dependencies.now,
          timeoutMs: dependencies.timeoutMs ?? PRESENCE_TIMEOUT_MS,
        })
  desktops.onConnect((desktop, onDisconnect) => {
    presence.connect(desktop.id, desktop.user.username)
    desktop.emit('presence:snapshot', presence.list())
    // Marks set before this desktop connected, on the conversations its user may see.
    send(async () => {
      const marks = presence.allViewers()
      const maySee = await viewersVisibleTo(marks)
      desktop.emit(
        'viewing:snapshot',
        marks.filter((viewers) => maySee(desktop.user, viewers)),
      )
    })
    onDisconnect(() => presence.disconnect(desktop.id))
  })
  return presence
}
