import type { PushChannel, PushChannels, UiLanguage } from '../../../common/ipc/channels.js'
import type { Clock } from '../sync/clock.js'

/** A native notification main should show (the Electron layer does; the browser shell logs it). */
export interface DesktopNotification {
  readonly kind: 'new-conversation' | 'message' | 'window-rescue'
  readonly conversationId: string
  readonly title: string
  readonly body: string
  /** The notification shows without the system sound. */
  readonly isSilent: boolean
}

/** Something main reports outside the IPC contract: a refused event, a failed background step. */
export interface DesktopProblem {
  readonly at: number
  readonly message: string
}

/** What the Electron layer and the browser shell hear from the core. */
export interface DesktopCoreListeners {
  push?<P extends PushChannel>(channel: P, payload: PushChannels[P]): void
  notification?(notification: DesktopNotification): void
  /** Conversations that need my reply changed: the tray/dock badge. */
  badge?(count: number): void
  /** The agent chose another language in the console: what main shows itself (the tray) follows. */
  language?(language: UiLanguage): void
  problem?(problem: DesktopProblem): void
}

/** Tells the renderer something changed, through every listener. */
export type Push = <P extends PushChannel>(channel: P, payload: PushChannels[P]) => void

/** How many problems are kept for `problems()`; older ones are dropped first. */
const KEPT_PROBLEMS = 100

/**
 * Everyone listening to the core, and what it tells them: pushes and notifications as they happen,
 * problems also kept for later readers, the badge only when its count changed.
 */
export function createCoreListeners(clock: Clock) {
  const listeners = new Set<DesktopCoreListeners>()
  const problems: DesktopProblem[] = []
  let lastBadge = -1

  /** Subscribes a listener; returns the unsubscribe function. */
  function add(listener: DesktopCoreListeners): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  function push<P extends PushChannel>(channel: P, payload: PushChannels[P]): void {
    for (const listener of listeners) listener.push?.(channel, payload)
  }

  function notify(notification: DesktopNotification): void {
    for (const listener of listeners) listener.notification?.(notification)
  }

  function language(chosen: UiLanguage): void {
    for (const listener of listeners) listener.language?.(chosen)
  }

  function report(message: string): void {
    const problem = { at: clock.now(), message }
    problems.push(problem)
    if (problems.length > KEPT_PROBLEMS) problems.shift()
    for (const listener of listeners) listener.problem?.(problem)
  }

  function badge(count: number): void {
    if (count === lastBadge) return
    lastBadge = count
    for (const listener of listeners) listener.badge?.(count)
  }

  return {
    add,
    push,
    notify,
    report,
    badge,
    language,
    /** Problems reported so far (most recent last). */
    problems: (): readonly DesktopProblem[] => [...problems],
    /** The next badge count is told even if it is the last one told (after a sign-out). */
    forgetBadge(): void {
      lastBadge = -1
    },
    clear(): void {
      listeners.clear()
    },
  }
}

/** The core's listeners. */
export type CoreListeners = ReturnType<typeof createCoreListeners>
