import type { BrowserWindowConstructorOptions, Rectangle } from 'electron'

/** The renderer's origin in the packaged app: a privileged custom scheme, so responses carry a CSP. */
export const APP_SCHEME = 'kefu'
/** Where the renderer's index lives under {@link APP_SCHEME}. */
export const APP_ORIGIN = `${APP_SCHEME}://app`

/** What the renderer may load and talk to: itself, and follower images (WeChat's CDN serves `http://mmbiz.qpic.cn`). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The smallest window the console lays out in. */
export const MINIMUM_SIZE = { width: 900, height: 600 } as const

/**
 * The main window's options: an isolated, sandboxed renderer without Node, which can reach main only
 * through the preload's `window.api`.
 */
export function buildWindowOptions(input: {
  readonly preloadPath: string
  readonly bounds: Partial<Rectangle> | null
}): BrowserWindowConstructorOptions {
  return {
    width: input.bounds?.width ?? 1280,
    height: input.bounds?.height ?? 820,
    ...(input.bounds?.x === undefined || input.bounds.y === undefined
      ? {}
      : { x: input.bounds.x, y: input.bounds.y }),
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    show: false,
    title: 'Kefu',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  }
}

/** Whether a URL belongs to the app's own renderer (the packaged scheme, or the dev server in development). */
export function isAppUrl(url: string, devServerUrl: string | null): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true
  if (devServerUrl === null) return false
  return parsed.origin === new URL(devServerUrl).origin
}

/** Links the agent may open in the system browser: web pages only, never file: or custom schemes. */
export function isExternalLink(url: string): boolean {
  try {
    const protocol = new URL(url).protocol
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:'
  } catch {
    return false
  }
}
