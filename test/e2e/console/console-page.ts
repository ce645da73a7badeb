import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, type Page } from '@playwright/test'

/** Where the main screens' light and dark shots land, for people to look at. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots')

/** What every console page starts with: a desktop-sized window, no motion, the language chosen. */
export async function preparePage(page: Page, language = 'en'): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.addInitScript((saved: string) => localStorage.setItem('kefu.language', saved), language)
}

/** Light and dark shots of the screen as it is, `<name>-<theme>.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((each) => (document.documentElement.dataset['theme'] = each), theme)
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${theme}.png`) })
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'))
}

/** The inbox row of one follower's conversation. */
export const rowOf = (page: Page, openId: string) => page.locator(`[data-conversation-id="${openId}"]`)

/** Shows every conversation whatever its assignee and status. */
export async function showAll(page: Page): Promise<void> {
  await page.getByTestId('view-all').click()
  await page.getByTestId('filter-any').click()
}

/** Shows every conversation and opens the follower's; waits until the conversation is on screen. */
export async function openConversation(page: Page, openId: string): Promise<void> {
  await showAll(page)
  // A re-render after the filter change may unmount the row between finding and clicking it: the click
  // gives up quickly and the row is found again.
  await expect(async () => {
    await rowOf(page, openId).click({ timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.locator(`[data-testid="conversation"]`)).toBeVisible()
}

/** The desktop's own search index, asked through the same bridge the renderer uses. */
export function searchOf(page: Page, text: string): Promise<unknown[]> {
  return page.evaluate(
    (each) =>
      (window as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown[]> } }).api.invoke(
        'search:query',
        { text: each },
      ),
    text,
  )
}
