import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test } from '@playwright/test'
import { WebSocket } from 'ws'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../playwright.config.js'
import { BRIDGE_SOCKET_PATH } from '../../../main/browser-shell/bridge-protocol.js'
import { startBrowserShell, type BrowserShell } from '../../../main/browser-shell/start-browser-shell.js'

/** A stand-in for renderer/dist: a module script that records what `window.api` answered first. */
function writeRenderer(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  )
  writeFileSync(
    join(dir, 'assets', 'app.js'),
    "window.hadApiAtStart = typeof window.api === 'object'; window.firstSession = window.api.invoke('session:get', null)",
  )
}

test.describe('the browser shell', () => {
  let dir: string
  let shell: BrowserShell
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-shell-'))
    writeRenderer(join(dir, 'renderer'))
    shell = await startBrowserShell({
      port: 0,
      dataDir: join(dir, 'data'),
      rendererDir: join(dir, 'renderer'),
    })
  })
  test.afterAll(async () => {
    await shell.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('serves the renderer on loopback with window.api defined before it runs', async () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const response = await fetch(shell.url)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    // Follower images come from WeChat's CDN over plain http; nothing else is loosened.
    expect(response.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: blob: http: https:",
    )
    const html = await response.text()
    expect(html.indexOf('/__kefu/window-api.js')).toBeLessThan(html.indexOf('./assets/app.js'))
    expect((await fetch(`${shell.url}..%2F..%2Fetc%2Fpasswd`)).headers.get('content-type')).toContain(
      'text/html',
    )

    const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
    try {
      const page = await browser.newPage()
      await page.goto(shell.url)
      expect(
        await page.evaluate(() => (globalThis as unknown as { hadApiAtStart: boolean }).hadApiAtStart),
      ).toBe(true)
      expect(
        await page.evaluate(() => (globalThis as unknown as { firstSession: Promise<unknown> }).firstSession),
      ).toEqual({
        relayUrl: null,
        user: null,
      })
      type Api = {
        invoke(channel: string, request: unknown): Promise<unknown>
        on(channel: string, listener: (payload: unknown) => void): () => void
      }
      const refusals = await page.evaluate(async () => {
        const api = (globalThis as unknown as { api: Api }).api
        const reasonOf = (promise: Promise<unknown>) =>
          promise.then(
            () => 'accepted',
            (error: Error & { code?: string }) => `${error.code ?? 'no code'}: ${error.message.slice(0, 40)}`,
          )
        return {
          malformed: await reasonOf(
            api.invoke('messages:send', { conversationId: 'c1', clientMessageId: 'x', body: {} }),
          ),
          unknown: await reasonOf(api.invoke('shell:exec', { command: 'rm -rf /' })),
          isFrozen: Object.isFrozen(api),
        }
      })
      expect(refusals.malformed).toMatch(/^invalid: Invalid request for messages:send/)
      expect(refusals.unknown).toMatch(/^no code: Unknown channel/)
      expect(refusals.isFrozen).toBe(true)
      // A push reaches subscribers: signing out is announced.
      const announced = await page.evaluate(async () => {
        const api = (globalThis as unknown as { api: Api }).api
        const heard = new Promise((resolve) => api.on('session:changed', resolve))
        await api.invoke('session:sign-out', { wipeReplica: false })
        return heard
      })
      expect(announced).toEqual({ relayUrl: null, user: null })
    } finally {
      await browser.close()
    }
  })

  test('refuses WebSocket connections from another origin', async () => {
    const address = shell.url.replace(/^http/, 'ws').replace(/\/$/, BRIDGE_SOCKET_PATH)
    const outcomeOf = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(address, { origin })
        socket.on('open', () => {
          socket.close()
          resolve('open')
        })
        socket.on('unexpected-response', (_request, response) => resolve(`refused ${response.statusCode}`))
        socket.on('error', (error) => resolve(`error ${error.message}`))
      })
    expect(await outcomeOf('https://evil.example')).toBe('refused 401')
    expect(await outcomeOf('http://127.0.0.1:1')).toBe('refused 401')
    expect(await outcomeOf(shell.url.replace(/\/$/, ''))).toBe('open')
  })
})
