/// <reference lib="dom" />
import type { Page } from 'playwright-core'
import { installFakeRelay, type FakeRelayOptions } from './fake-relay.js'

/** esbuild (tsx) wraps named functions in `__name(...)`; the page has no such helper, so give it one. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);'

/** Loads the console at `url` with the in-page fake relay installed before the app's module runs. */
export async function openConsole(
  page: Page,
  url: string,
  options: FakeRelayOptions,
  language = 'en',
): Promise<void> {
  await page.addInitScript({ content: NAME_SHIM })
  await page.addInitScript((saved: string) => localStorage.setItem('kefu.language', saved), language)
  await page.addInitScript(installFakeRelay, options)
  await page.goto(url)
}
