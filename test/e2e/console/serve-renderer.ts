import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
}

/** The built renderer, which `npm run build:renderer` writes. */
export const RENDERER_DIST = resolve(import.meta.dirname, '../../../renderer/dist')

/** Serves `renderer/dist` on 127.0.0.1 at a free port; resolves with its URL and a close function. */
export async function serveRenderer(): Promise<{
  readonly url: string
  readonly close: () => Promise<void>
}> {
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
    throw new Error('renderer/dist is missing: run `npm run build:renderer` first')
  }
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^([/\\])+/,
      '',
    )
    const file = join(RENDERER_DIST, path === '' ? 'index.html' : path)
    if (!file.startsWith(RENDERER_DIST) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found')
      return
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
