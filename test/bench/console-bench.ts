/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { InvokeFrame } from '../../main/browser-shell/bridge-protocol.js'
import { startBrowserShell } from '../../main/browser-shell/start-browser-shell.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../playwright.config.js'
import { ADMIN_PASSWORD, seedRelay, startRelay } from './desktop-bench.js'
import { measureWebhookToScreen, type WebhookToScreenResult } from './webhook-to-screen.js'
import { percentile } from './percentile.js'

/** First paint and scrolling of one way of running the console. */
export interface InboxFigures {
  /** From navigation start to the first inbox row painted, in ms, one figure per fresh page load. */
  readonly firstInboxPaintMs: readonly number[]
  readonly firstInboxPaintMedianMs: number
  readonly scrollFrames: number
  readonly frameP50Ms: number
  readonly frameP95Ms: number
  readonly frameMaxMs: number
}

/** The renderer's `inbox:list` call over the shell's WebSocket bridge, on each fresh page load. */
export interface InboxListFigures {
  /** From the invoke frame sent to its result frame received, in ms. */
  readonly medianMs: number
  /** Size of the result frame: every conversation of the inbox, as JSON. */
  readonly bytes: number
}

/** What the console bench measured. */
export interface ConsoleBenchResult {
  readonly conversations: number
  /** Through the real relay (its own process), the browser shell and its replica, signed in and caught up. */
  readonly realStack: InboxFigures
  /** Of those fresh loads: the one bridge call that carries the whole inbox. */
  readonly inboxList: InboxListFigures
  /** The browser shell's sign-in until its replica is caught up with the relay (snapshot), in ms. */
  readonly catchUpMs: number
  /** Through the real relay, browser shell and renderer: a follower's push until its text is in the DOM. */
  readonly webhookToScreen: WebhookToScreenResult
}

const CONVERSATIONS = 10_000
/** Three messages a follower: the inbox rows carry the last one, older ones are history. */
const MESSAGES = 3 * CONVERSATIONS
/** The last messages spread over 46 hours: windows from nearly closed to nearly full, all counting down. */
const STEP_MS = Math.floor((46 * 3_600_000) / CONVERSATIONS)
const PAINT_LOADS = 5
const SCROLL_FRAMES = 600
const VIEWPORT = { width: 1440, height: 900 }
const CATCH_UP_TIMEOUT_MS = 120_000

/** Notes, on `window.firstInboxPaintMs`, the frame after the first inbox row enters the DOM. */
async function installPaintProbe(page: Page): Promise<void> {
  // tsx (esbuild) wraps named functions in `__name(...)`; the page has no such helper, so give it one.
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((target) => target);' })
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="inbox-row"]') === null) return
      observer.disconnect()
      requestAnimationFrame(() => Object.assign(window, { firstInboxPaintMs: performance.now() }))
    })
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.body, { childList: true, subtree: true }),
    )
  })
}

async function firstPaintOf(page: Page): Promise<number> {
  await page.waitForFunction(() => 'firstInboxPaintMs' in window, null, { timeout: 30_000 })
  return page.evaluate(() => (window as unknown as { firstInboxPaintMs: number }).firstInboxPaintMs)
}

/** Shows every status, checks the All view counts `conversations`, then scrolls the inbox frame by frame. */
async function scrollFramesOf(page: Page, conversations: number): Promise<number[]> {
  await page.getByTestId('filter-any').click()
  const count = page.getByTestId('view-all').locator('.sidebar__count')
  await count.filter({ hasText: String(conversations) }).waitFor({ timeout: 10_000 })
  return page.evaluate(
    (frames) =>
      new Promise<number[]>((resolve, reject) => {
        const list = document.querySelector<HTMLElement>('[data-testid="inbox-list"]')
        if (list === null) {
          reject(new Error('no inbox list'))
          return
        }
        const pills = Array.from(document.querySelectorAll('[data-testid="countdown"]'))
        if (!pills.some((pill) => pill.getAttribute('data-stage') !== 'expired')) {
          reject(new Error('no live countdown on the visible rows'))
          return
        }
        const deltas: number[] = []
        let last = performance.now()
        const step = (): void => {
          const now = performance.now()
          deltas.push(now - last)
          last = now
          // 40 px per frame (about 2 400 px/s), wrapping at the end.
          list.scrollTop = (deltas.length * 40) % Math.max(1, list.scrollHeight - list.clientHeight)
          if (deltas.length < frames) requestAnimationFrame(step)
          else resolve(deltas.slice(1))
        }
        requestAnimationFrame(step)
      }),
    SCROLL_FRAMES,
  )
}

/** Notes each `inbox:list` round trip the page makes over the shell's bridge into `samples`. */
function watchInboxList(page: Page, samples: { ms: number; bytes: number }[]): void {
  const sentAt = new Map<number, number>()
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as InvokeFrame
      if (frame.type === 'invoke' && frame.channel === 'inbox:list') sentAt.set(frame.id, performance.now())
    })
    socket.on('framereceived', ({ payload }) => {
      // Only the head is read: parsing megabytes here would take CPU from the page being timed.
      const text = String(payload)
      const id = /^\{"type":"result","id":(\d+)/.exec(text.slice(0, 64))?.[1]
      const started = id === undefined ? undefined : sentAt.get(Number(id))
      if (started === undefined) return
      samples.push({ ms: performance.now() - started, bytes: Buffer.byteLength(text) })
    })
  })
}

/** Loads the console `PAINT_LOADS` times in fresh pages, timing the first row; scrolls the last one. */
async function measureInbox(
  browser: Browser,
  load: (page: Page) => Promise<void>,
  conversations: number,
): Promise<InboxFigures> {
  const paints: number[] = []
  let frames: number[] = []
  for (let run = 0; run < PAINT_LOADS; run += 1) {
    const page = await browser.newPage({ viewport: VIEWPORT })
    try {
      await installPaintProbe(page)
      await load(page)
      paints.push(Math.round(await firstPaintOf(page)))
      if (run === PAINT_LOADS - 1) frames = await scrollFramesOf(page, conversations)
    } finally {
      await page.close()
    }
  }
  const sorted = [...frames].sort((a, b) => a - b)
  return {
    firstInboxPaintMs: paints,
    firstInboxPaintMedianMs: percentile(
      [...paints].sort((a, b) => a - b),
      0.5,
    ),
    scrollFrames: frames.length,
    frameP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
    frameP95Ms: Number(percentile(sorted, 0.95).toFixed(1)),
    frameMaxMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
  }
}

/**
 * A relay (its own process) whose store is seeded with `CONVERSATIONS` followers whose windows are
 * open, the browser shell signed in through its sign-in screen and caught up; then fresh page loads.
 */
async function measureRealStack(
  browser: Browser,
): Promise<{ figures: InboxFigures; inboxList: InboxListFigures; catchUpMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-console-bench-'))
  try {
    const relayDir = join(dir, 'relay')
    const seeding = performance.now()
    await seedRelay(relayDir, MESSAGES, 0, CONVERSATIONS, {
      start: Date.now() - MESSAGES * STEP_MS,
      stepMs: STEP_MS,
    })
    console.log(
      `console: seeded the relay store with ${MESSAGES} messages in ${CONVERSATIONS} conversations: ${Math.round(performance.now() - seeding)} ms`,
    )
    const relay = await startRelay(relayDir)
    try {
      const shell = await startBrowserShell({ dataDir: join(dir, 'desktop'), defaultRelayUrl: relay.url })
      try {
        const page = await browser.newPage({ viewport: VIEWPORT })
        let catchUpMs: number
        try {
          await page.goto(shell.url)
          await page.getByTestId('username').fill('admin')
          await page.getByTestId('password').fill(ADMIN_PASSWORD)
          const started = performance.now()
          await page.getByTestId('sign-in-submit').click()
          await page
            .locator('[data-testid="connection"][data-state="live"]')
            .waitFor({ timeout: CATCH_UP_TIMEOUT_MS })
          catchUpMs = Math.round(performance.now() - started)
        } finally {
          await page.close()
        }
        const samples: { ms: number; bytes: number }[] = []
        const figures = await measureInbox(
          browser,
          async (fresh) => {
            watchInboxList(fresh, samples)
            await fresh.goto(shell.url)
          },
          CONVERSATIONS,
        )
        if (samples.length < PAINT_LOADS) throw new Error(`saw ${samples.length} inbox:list answers`)
        const inboxList: InboxListFigures = {
          medianMs: Math.round(
            percentile(
              samples.map((sample) => sample.ms).sort((a, b) => a - b),
              0.5,
            ),
          ),
          bytes: samples.at(-1)!.bytes,
        }
        return { figures, inboxList, catchUpMs }
      } finally {
        await shell.close()
      }
    } finally {
      await relay.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function describe(figures: InboxFigures): string {
  return (
    `first inbox paint median ${figures.firstInboxPaintMedianMs} ms (${figures.firstInboxPaintMs.join(', ')}) · ` +
    `scroll ${figures.scrollFrames} frames p50 ${figures.frameP50Ms} ms p95 ${figures.frameP95Ms} ms max ${figures.frameMaxMs} ms`
  )
}

/**
 * In Chromium through the browser shell, over a relay holding 10 000 conversations: time to the first
 * inbox paint on a fresh page load, frame times while the inbox scrolls with every visible countdown
 * live, and webhook-to-screen latency. Prints figures.
 */
export async function runConsoleBench(): Promise<ConsoleBenchResult> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
  try {
    const real = await measureRealStack(browser)
    const result: ConsoleBenchResult = {
      conversations: CONVERSATIONS,
      realStack: real.figures,
      inboxList: real.inboxList,
      catchUpMs: real.catchUpMs,
      webhookToScreen: await measureWebhookToScreen(browser),
    }
    console.log(
      `console: browser shell signed in, replica caught up from the relay (snapshot of ${MESSAGES} messages / ${CONVERSATIONS} conversations): ${result.catchUpMs} ms`,
    )
    console.log(
      `console: relay + browser shell + Chromium, ${CONVERSATIONS} conversations, fresh page load: ${describe(result.realStack)}`,
    )
    console.log(
      `  of which the inbox:list call over the bridge: median ${result.inboxList.medianMs} ms, ` +
        `${(result.inboxList.bytes / 1_048_576).toFixed(1)} MB (${Math.round(result.inboxList.bytes / CONVERSATIONS)} bytes a conversation)`,
    )
    const screen = result.webhookToScreen
    console.log(
      `console: webhook → message on screen (relay + browser shell + Chromium), ${screen.pushes} pushes · ` +
        `p50 ${screen.p50Ms} ms p99 ${screen.p99Ms} ms max ${screen.maxMs} ms`,
    )
    return result
  } finally {
    await browser.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runConsoleBench()
