import { MEDIA_PATH_PREFIX } from '../core/media/media-response.js'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, net, protocol, screen, session, shell } from 'electron'
import { createDesktopCore, type DesktopCore } from '../core/desktop-core.js'
import { createIpcHandlers } from '../core/ipc-handlers.js'
import { registerIpcHandlers } from './ipc-handle.js'
import { nativeBindingPath } from './native-binding.js'
import { showNotification } from './notifications.js'
import { createSafeStorageSecretStore } from './safe-storage-secret-store.js'
import { createKefuTray, type KefuTray } from './tray.js'
import {
  APP_ORIGIN,
  APP_SCHEME,
  buildWindowOptions,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isExternalLink,
} from './window-options.js'
import { loadWindowBounds, saveWindowBounds } from './window-state.js'

/**
 * The Electron app: lifecycle, the one window, IPC wiring, tray, notifications. Everything else is
 * the plain-Node core (main/core), which the tests and the browser shell run without Electron.
 */

const devServerUrl = process.env['ELECTRON_RENDERER_URL'] ?? null
const rendererDir = join(import.meta.dirname, '..', 'renderer')

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let window: BrowserWindow | null = null
  let tray: KefuTray | null = null
  let isQuitting = false
  let core: DesktopCore | null = null
  const boundsPath = join(app.getPath('userData'), 'window-state.json')

  const isOwnUrl = (url: string): boolean => isAppUrl(url, devServerUrl)

  const focusWindow = (): void => {
    if (window === null) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  const createWindow = (): BrowserWindow => {
    const bounds = loadWindowBounds(
      boundsPath,
      screen.getAllDisplays().map((display) => display.workArea),
    )
    const created = new BrowserWindow(
      buildWindowOptions({ preloadPath: join(import.meta.dirname, '..', 'preload', 'index.cjs'), bounds }),
    )
    created.once('ready-to-show', () => created.show())
    // Navigation away from the app and new windows are refused; web links open in the system browser.
    created.webContents.on('will-navigate', (event, url) => {
      if (isOwnUrl(url)) return
      event.preventDefault()
      if (isExternalLink(url)) void shell.openExternal(url)
    })
    created.webContents.on('will-redirect', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault()
    })
    created.webContents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
    created.webContents.on('will-attach-webview', (event) => event.preventDefault())
    const remember = (): void => {
      if (!created.isMinimized() && !created.isMaximized()) saveWindowBounds(boundsPath, created.getBounds())
    }
    created.on('resized', remember)
    created.on('moved', remember)
    created.on('close', (event) => {
      remember()
      // Closing the window keeps the app in the tray, so notifications keep coming.
      if (!isQuitting && tray !== null) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      window = null
    })
    void created.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
    return created
  }

  app.on('second-instance', focusWindow)
  app.on('before-quit', () => {
    isQuitting = true
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  void app.whenReady().then(async () => {
    // Only now: safeStorage knows the keychain once the app is ready (before, Linux reports none).
    const readyCore = createDesktopCore({
      dataDir: app.getPath('userData'),
      secretStore: createSafeStorageSecretStore(join(app.getPath('userData'), 'secrets.json')),
      nativeBinding: nativeBindingPath(app, process.resourcesPath),
      // Built beside this file from main/core/search (see electron.vite.config.ts).
      searchIndexWorker: new URL('./search-index-build-worker.js', import.meta.url),
      // `npm start` points the app at its demo relay; an installed app asks the agent.
      ...(process.env['KEFU_RELAY_URL'] ? { defaultRelayUrl: process.env['KEFU_RELAY_URL'] } : {}),
    })
    core = readyCore
    protocol.handle(APP_SCHEME, async (request) => {
      const rawPath = new URL(request.url).pathname
      // A message's media: the core answers it, from its cache or the relay, with byte ranges.
      if (rawPath.startsWith(MEDIA_PATH_PREFIX))
        return readyCore.mediaResponse(rawPath, request.headers.get('range'))
      const path = decodeURIComponent(rawPath)
      const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path))
      if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 })
      const response = await net.fetch(pathToFileURL(file).toString())
      const headers = new Headers(response.headers)
      headers.set('content-security-policy', CONTENT_SECURITY_POLICY)
      headers.set('x-content-type-options', 'nosniff')
      return new Response(response.body, { status: response.status, headers })
    })
    // The dev server's pages get the same policy as the packaged ones.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      })
    })
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
      callback(permission === 'notifications' || permission === 'clipboard-sanitized-write'),
    )

    registerIpcHandlers({
      handlers: createIpcHandlers(readyCore),
      trustedContents: () => window?.webContents ?? null,
      isAppUrl: isOwnUrl,
    })
    readyCore.listen({
      push(channel, payload) {
        window?.webContents.send(channel, payload)
      },
      notification(notification) {
        showNotification(notification, (conversationId) => {
          focusWindow()
          window?.webContents.send('conversation:focus-requested', { conversationId })
        })
      },
      badge(count) {
        tray?.setBadge(count)
      },
      language() {
        tray?.setStrings(readyCore.strings())
      },
      problem(problem) {
        console.warn(`[kefu] ${problem.message}`)
      },
    })
    window = createWindow()
    tray = createKefuTray({
      window: () => window,
      strings: readyCore.strings(),
      onQuit: () => {
        isQuitting = true
        app.quit()
      },
    })
    await readyCore.start()
    // Started, the core has read the language this computer's agent last chose.
    tray.setStrings(readyCore.strings())
    tray.setBadge(readyCore.needingReplyCount())

    app.on('activate', () => {
      if (window === null) window = createWindow()
      else focusWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    tray?.destroy()
    core?.close()
  })
}
