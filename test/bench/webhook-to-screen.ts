/// <reference lib="dom" />
import type { Browser } from 'playwright-core'
import { startFullStack } from '../e2e/fullstack/full-stack.js'
import { percentile } from './percentile.js'

/** Webhook → text in the console's DOM, through the real relay, desktop core and renderer. */
export interface WebhookToScreenResult {
  readonly pushes: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

const PUSHES = 50
const TIMEOUT_MS = 10_000

/**
 * Starts the relay (safe mode), the simulator and the browser shell, signs an agent in and opens a
 * conversation; then, one at a time, a follower's signed and encrypted push is timestamped and a
 * MutationObserver in the page notes when its text is in the DOM. Both clocks are this machine's.
 */
export async function measureWebhookToScreen(browser: Browser): Promise<WebhookToScreenResult> {
  const stack = await startFullStack()
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  try {
    const follower = stack.simulator.follower()
    await follower.sendText('warm-up')
    await stack.signIn(page)
    await page.getByTestId('view-all').click()
    await page.locator(`[data-conversation-id="${follower.openId}"]`).click()
    await page.getByTestId('message').filter({ hasText: 'warm-up' }).waitFor()

    const latencies: number[] = []
    for (let index = 0; index < PUSHES; index += 1) {
      const marker = `bench-${index}-${Math.random().toString(36).slice(2, 10)}`
      // Observe first, then push: the text cannot land before the observer is watching.
      await page.evaluate(
        ({ text, timeoutMs }) => {
          const target = window as unknown as { seenAt: Promise<number> }
          target.seenAt = new Promise<number>((resolve, reject) => {
            const observer = new MutationObserver(() => {
              if (!(document.body.textContent ?? '').includes(text)) return
              observer.disconnect()
              clearTimeout(timer)
              resolve(performance.timeOrigin + performance.now())
            })
            const timer = setTimeout(() => {
              observer.disconnect()
              reject(new Error(`"${text}" was not on screen within ${timeoutMs} ms`))
            }, timeoutMs)
            observer.observe(document.body, { childList: true, subtree: true, characterData: true })
          })
        },
        { text: marker, timeoutMs: TIMEOUT_MS },
      )
      const pushedAt = performance.timeOrigin + performance.now()
      const delivery = await follower.sendText(`Order question ${marker}`)
      if (delivery.status !== 200) throw new Error(`push ${index} not taken: ${delivery.error}`)
      const seenAt = await page.evaluate(() => (window as unknown as { seenAt: Promise<number> }).seenAt)
      latencies.push(seenAt - pushedAt)
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      pushes: latencies.length,
      p50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
      p99Ms: Number(percentile(sorted, 0.99).toFixed(1)),
      maxMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
    }
  } finally {
    await page.close()
    await stack.close()
  }
}
