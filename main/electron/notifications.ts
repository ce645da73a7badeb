import { Notification } from 'electron'
import type { DesktopNotification } from '../core/desktop-core.js'

// Shown notifications are kept referenced until closed, or the click handler may be collected.
const shown = new Set<Notification>()

/** Shows a native notification; clicking it calls `onClick` with the conversation. */
export function showNotification(
  notification: DesktopNotification,
  onClick: (conversationId: string) => void,
): void {
  if (!Notification.isSupported()) return
  const native = new Notification({
    // The core wrote the title in the agent's language, a new conversation's saying so.
    title: notification.title,
    body: notification.body,
    silent: notification.isSilent,
  })
  shown.add(native)
  native.on('click', () => onClick(notification.conversationId))
  native.on('close', () => shown.delete(native))
  native.show()
}
