/// <reference lib="dom" />
import { chromium } from 'playwright-core'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../playwright.config.js'
import { openConsole } from '../e2e/console/open-console.js'
import { serveRenderer } from '../e2e/console/serve-renderer.js'
import { measureWebhookToScreen, type WebhookToScreenResult } from './webhook-to-screen.js'

/** What the console bench measured. */
export interface ConsoleBenchResult {
  readonly conversations: number
  /** From navigation start to the first inbox row painted, in ms. */
  readonly firstInboxPaintMs: number
  readonly scrollFrames: number
  readonly frameP50Ms: number
  readonly frameP95Ms: number
  readonly frameMaxMs: number
  /** Through the real relay, browser shell and renderer: a follower's push until its text is in the DOM. */
  readonly webhookToScreen: WebhookToScreenResult
}

const CONVERSATIONS = 10_000
const SCROLL_FRAMES = 600

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0
}

/**
 * In Chromium, with an in-page fake bridge holding 10 000 conversations: time to the first inbox
 * paint, then frame times while the inbox scrolls with every visible countdown live. Prints figures.
 */
export async function runConsoleBench(): Promise<ConsoleBenchResult> {
  const server = await serveRenderer()
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
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
    await openConsole(page, server.url, {
      conversationCount: CONVERSATIONS,
      isSignedIn: true,
      now: Date.now(),
    })
    await page.waitForFunction(() => 'firstInboxPaintMs' in window, null, { timeout: 30_000 })
    const firstInboxPaintMs = await page.evaluate(
      () => (window as unknown as { firstInboxPaintMs: number }).firstInboxPaintMs,
    )
    await page.getByTestId('filter-any').click()
    const frames = await page.evaluate(
      (count) =>
        new Promise<number[]>((resolve) => {
          const list = document.querySelector<HTMLElement>('[data-testid="inbox-list"]')
          if (list === null) throw new Error('no inbox list')
          const deltas: number[] = []
          let last = performance.now()
          const step = (): void => {
            const now = performance.now()
            deltas.push(now - last)
            last = now
            // 40 px per frame (about 2 400 px/s), bouncing at the ends.
            list.scrollTop = (deltas.length * 40) % Math.max(1, list.scrollHeight - list.clientHeight)
            if (deltas.length < count) requestAnimationFrame(step)
            else resolve(deltas.slice(1))
          }
          requestAnimationFrame(step)
        }),
      SCROLL_FRAMES,
    )
    const sorted = [...frames].sort((a, b) => a - b)
    const result: ConsoleBenchResult = {
      conversations: CONVERSATIONS,
      firstInboxPaintMs: Math.round(firstInboxPaintMs),
      scrollFrames: frames.length,
      frameP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
      frameP95Ms: Number(percentile(sorted, 0.95).toFixed(1)),
      frameMaxMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
      webhookToScreen: await measureWebhookToScreen(browser),
    }
    console.log(
      `console: ${result.conversations} conversations · first inbox paint ${result.firstInboxPaintMs} ms · ` +
        `scroll ${result.scrollFrames} frames p50 ${result.frameP50Ms} ms p95 ${result.frameP95Ms} ms max ${result.frameMaxMs} ms`,
    )
    const screen = result.webhookToScreen
    console.log(
      `console: webhook → message on screen (relay + browser shell + Chromium), ${screen.pushes} pushes · ` +
        `p50 ${screen.p50Ms} ms p99 ${screen.p99Ms} ms max ${screen.maxMs} ms`,
    )
    return result
  } finally {
    await browser.close()
    await server.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runConsoleBench()
