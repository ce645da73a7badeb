import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/**
 * The Electron binary, when this machine has one (electron@45 installs without it where it cannot be
 * fetched). Read from the package's path.txt: requiring `electron` would try to download it.
 */
function electronBinary(): string | null {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const isBuilt = existsSync(join(process.cwd(), 'out', 'main', 'index.js'))

test('the packaged window opens locked down and offers window.api', async () => {
  if (binary === null) console.log('skipped: no Electron binary')
  test.skip(binary === null, 'skipped: no Electron binary')
  test.skip(!isBuilt, 'run "npm run build" first: out/main/index.js is missing')
  const userData = mkdtempSync(join(tmpdir(), 'kefu-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', `--user-data-dir=${userData}`],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  })
  try {
    const window = await app.firstWindow()
    await window.waitForLoadState('domcontentloaded')
    const surface = await window.evaluate(() => ({
      api: Object.keys((globalThis as unknown as { api: object }).api).sort(),
      hasRequire: typeof (globalThis as unknown as { require?: unknown }).require,
      hasProcess: typeof (globalThis as unknown as { process?: unknown }).process,
    }))
    expect(surface).toEqual({ api: ['invoke', 'on'], hasRequire: 'undefined', hasProcess: 'undefined' })
    // The options object itself is asserted in test/unit/main/electron/window-options.test.ts.
    expect(
      await window.evaluate(() =>
        (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke(
          'session:get',
          null,
        ),
      ),
    ).toEqual({ relayUrl: null, user: null })
  } finally {
    await app.close()
    rmSync(userData, { recursive: true, force: true })
  }
})
