import { app, Menu, nativeImage, Tray, type BrowserWindow } from 'electron'

/** A 16×16 green dot, so the tray needs no file beside the bundle. */
const TRAY_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAANElEQVR4nGNgP5jAQAnGJvifAMZrACHNGIaQoxnFEHI1ww0ZNWBYGUBxQqJKUqZKZiIZAwC4PtNkXUOIlgAAAABJRU5ErkJggg=='

/** The tray icon and the dock/taskbar badge: how many conversations need my reply. */
export function createKefuTray(options: {
  readonly window: () => BrowserWindow | null
  readonly onQuit: () => void
}) {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON))
  const show = (): void => {
    const window = options.window()
    if (window === null) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Kefu', click: show },
      { type: 'separator' },
      { label: 'Quit', click: options.onQuit },
    ]),
  )
  tray.on('click', show)
  tray.setToolTip('Kefu')

  return {
    /** Shows the count on the tray, the dock (macOS), the launcher (Linux) and the taskbar (Windows). */
    setBadge(count: number): void {
      tray.setToolTip(count === 0 ? 'Kefu' : `Kefu — ${count} waiting for your reply`)
      if (process.platform === 'darwin') tray.setTitle(count === 0 ? '' : String(count))
      app.setBadgeCount(count)
      const window = options.window()
      if (process.platform === 'win32' && window !== null) {
        window.setOverlayIcon(
          count === 0 ? null : nativeImage.createFromDataURL(TRAY_ICON),
          `${count} waiting`,
        )
        if (count > 0 && !window.isFocused()) window.flashFrame(true)
      }
    },
    destroy: () => tray.destroy(),
  }
}

/** The tray of the running app. */
export type KefuTray = ReturnType<typeof createKefuTray>
