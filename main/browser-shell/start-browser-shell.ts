import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { MEDIA_PATH_PREFIX } from '../core/media/media-response.js'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { WebSocketServer, type WebSocket } from 'ws'
import { createDesktopCore } from '../core/desktop-core.js'
import { createIpcHandlers, dispatchInvoke, IpcRequestError } from '../core/ipc-handlers.js'
import { createFileSecretStore } from '../core/session/file-secret-store.js'
import type { Backoff, Clock } from '../core/sync/clock.js'
import {
  BRIDGE_SCRIPT_PATH,
  BRIDGE_SOCKET_PATH,
  type InvokeFrame,
  type PushFrame,
  type ResultFrame,
} from './bridge-protocol.js'

/** How to start the browser shell. */
export interface BrowserShellOptions {
  /** 0 or absent: any free port. */
  readonly port?: number
  /** Always a loopback address: the shell serves one agent's session. */
  readonly host?: string
  readonly dataDir: string
  /** The built renderer (`vite build --config renderer/vite.config.ts`). */
  readonly rendererDir?: string
  readonly clock?: Clock
  readonly backoff?: Backoff
  /** The relay URL the sign-in screen comes pre-filled with while signed out. */
  readonly defaultRelayUrl?: string
}

/** A running shell. */
export interface BrowserShell {
  readonly url: string
  close(): Promise<void>
}

const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const BRIDGE_SOURCE = fileURLToPath(new URL('./window-api-bridge.ts', import.meta.url))
/** Largest frame the page may send: a base64 image upload of ~10 MB. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
}

/**
 * Hosts the desktop core in this Node process, serves the built renderer on a loopback address and
 * carries `window.api` over a local WebSocket — same handler map and validation as Electron IPC, so
 * the renderer cannot tell the difference. Connections from any other origin are refused.
 */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const host = options.host ?? '127.0.0.1'
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    throw new Error(`The browser shell listens on loopback only, not ${host}.`)
  const rendererDir = resolve(options.rendererDir ?? join(REPOSITORY_ROOT, 'renderer', 'dist'))
  const bridgeScript = await bundleBridge()
  const core = createDesktopCore({
    dataDir: options.dataDir,
    secretStore: createFileSecretStore(join(options.dataDir, 'secrets.json')),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.defaultRelayUrl === undefined ? {} : { defaultRelayUrl: options.defaultRelayUrl }),
  })
  const handlers = createIpcHandlers(core)
  const sockets = new Set<WebSocket>()
  core.listen({
    push(channel, payload) {
      const frame: PushFrame = { type: 'push', channel, payload }
      const text = JSON.stringify(frame)
      for (const socket of sockets) socket.send(text)
    },
    notification(notification) {
      console.log(`[kefu] notification: ${notification.title}: ${notification.body}`)
    },
    problem(problem) {
      console.warn(`[kefu] ${problem.message}`)
    },
  })
  await core.start()

  let origins: readonly string[] = []
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`Internal error: ${error instanceof Error ? error.message : String(error)}`)
    })
  })

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const rawPath = new URL(request.url ?? '/', 'http://shell').pathname
    if (rawPath.startsWith(MEDIA_PATH_PREFIX)) {
      // A message's media: the core answers it, from its cache or the relay, with byte ranges.
      const answer = await core.mediaResponse(rawPath, request.headers.range ?? null)
      response.writeHead(answer.status, Object.fromEntries(answer.headers))
      if (answer.body === null || request.method === 'HEAD') response.end()
      else await pipeline(Readable.fromWeb(answer.body as NodeReadableStream), response)
      return
    }
    const path = decodeURIComponent(rawPath)
    if (path === BRIDGE_SCRIPT_PATH) {
      response
        .writeHead(200, { 'content-type': CONTENT_TYPES['.js']!, 'cache-control': 'no-store' })
        .end(bridgeScript)
      return
    }
    const file = resolveInside(rendererDir, path)
    const isAsset = file !== null && (await isFile(file))
    if (isAsset && extname(file) !== '.html') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
      response.end(await readFile(file))
      return
    }
    // Every other path is the app: the renderer routes in the page.
    const index = join(rendererDir, 'index.html')
    if (!(await isFile(index))) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`The renderer is not built: run "npm run build:renderer" (looked in ${rendererDir}).`)
      return
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES['.html']!,
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
    })
    response.end(withBridge(await readFile(index, 'utf8')))
  }

  const webSockets = new WebSocketServer({
    server,
    path: BRIDGE_SOCKET_PATH,
    maxPayload: MAX_FRAME_BYTES,
    // Another site open in the same browser must not drive the agent's session.
    verifyClient: (info: { origin: string }) => origins.includes(info.origin),
  })
  webSockets.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('message', (data) => {
      void answer(socket, String(data))
    })
  })

  async function answer(socket: WebSocket, text: string): Promise<void> {
    let frame: InvokeFrame
    try {
      frame = JSON.parse(text) as InvokeFrame
    } catch {
      return
    }
    if (frame?.type !== 'invoke' || !Number.isSafeInteger(frame.id)) return
    let result: ResultFrame
    try {
      result = {
        type: 'result',
        id: frame.id,
        ok: true,
        value: await dispatchInvoke(handlers, frame.channel, frame.request ?? null),
      }
    } catch (error) {
      const code = error instanceof IpcRequestError ? error.code : 'internal'
      const message = error instanceof Error ? error.message : String(error)
      result = { type: 'result', id: frame.id, ok: false, error: { code, message } }
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(result))
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(options.port ?? 0, host, () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host === '::1' ? '[::1]' : host
  origins = [`http://${urlHost}:${port}`, `http://127.0.0.1:${port}`, `http://localhost:${port}`]
  const url = `http://${urlHost}:${port}/`

  function contentSecurityPolicy(): string {
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      // Follower media comes from the relay through this origin (/kefu-media/); maps from Amap's tiles.
      "img-src 'self' data: blob: http: https:",
      "media-src 'self' blob:",
      `connect-src 'self' ws://${urlHost}:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; ')
  }

  return {
    url,
    async close() {
      for (const socket of sockets) socket.terminate()
      await new Promise<void>((resolveClose) => webSockets.close(() => resolveClose()))
      server.closeAllConnections()
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()))
      core.close()
    },
  }
}

/** The page with the bridge script first in <head>, so `window.api` exists before the renderer runs. */
export function withBridge(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`
  const head = /<head[^>]*>/i.exec(html)
  if (head === null) return `${tag}${html}`
  const at = head.index + head[0].length
  return `${html.slice(0, at)}\n    ${tag}${html.slice(at)}`
}

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [BRIDGE_SOURCE],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

function resolveInside(root: string, path: string): string | null {
  const file = normalize(join(root, path))
  return file === root || file.startsWith(root + sep) ? file : null
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
