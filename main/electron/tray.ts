import { app, Menu, nativeImage, Tray, type BrowserWindow } from 'electron'
import type { DesktopStrings } from '../core/notifications/desktop-strings.js'

/** A 16×16 green dot, so the tray needs no file beside the bundle. */
const TRAY_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAANElEQVR4nGNgP5jAQAnGJvifAMZrACHNGIaQoxnFEHI1ww0ZNWBYGUBxQqJKUqZKZiIZAwC4PtNkXUOIlgAAAABJRU5ErkJggg=='

/** The tray icon and the dock/taskbar badge: how many conversations need my reply, in the agent's language. */
export function createKefuTray(options: {
  readonly window: () => BrowserWindow | null
  readonly onQuit: () => void
  readonly strings: DesktopStrings
}) {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON))
  let strings = options.strings
  let count = 0
  const show = (): void => {
    const window = options.window()
    if (window === null) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }
  const buildMenu = (): void => {
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: strings.showApp, click: show },
        { type: 'separator' },
        { label: strings.quit, click: options.onQuit },
      ]),
    )
  }
  buildMenu()
  tray.on('click', show)
  tray.setToolTip(strings.trayTooltip(0))

  /** Shows the count on the tray, the dock (macOS), the launcher (Linux) and the taskbar (Windows). */
  function setBadge(waiting: number): void {
    count = waiting
    tray.setToolTip(strings.trayTooltip(waiting))
    if (process.platform === 'darwin') tray.setTitle(waiting === 0 ? '' : String(waiting))
    app.setBadgeCount(waiting)
    const window = options.window()
    if (process.platform === 'win32' && window !== null) {
      window.setOverlayIcon(
        waiting === 0 ? null : nativeImage.createFromDataURL(TRAY_ICON),
        strings.waiting(waiting),
      )
      if (waiting > 0 && !window.isFocused()) window.flashFrame(true)
    }
  }

  return {
    setBadge,
    /** The agent chose another language: the menu and tooltip say it from now on. */
    setStrings(next: DesktopStrings): void {
      strings = next
      buildMenu()
      tray.setToolTip(strings.trayTooltip(count))
    },
    destroy: () => tray.destroy(),
  }
}

/** The tray of the running app. */
export type KefuTray = ReturnType<typeof createKefuTray>
