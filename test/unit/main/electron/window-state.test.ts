import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { loadWindowBounds, saveWindowBounds } from '../../../../main/electron/window-state.js'

test('window bounds are remembered, and kept on a screen that still exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-window-'))
  try {
    const path = join(dir, 'window-state.json')
    const screen = { x: 0, y: 0, width: 1920, height: 1080 }
    expect(loadWindowBounds(path, [screen])).toBeNull()
    saveWindowBounds(path, { x: 100, y: 80, width: 1200, height: 800 })
    expect(loadWindowBounds(path, [screen])).toEqual({ x: 100, y: 80, width: 1200, height: 800 })
    // The second monitor it was on is gone: keep the size, drop the place.
    saveWindowBounds(path, { x: 2500, y: 80, width: 1200, height: 800 })
    expect(loadWindowBounds(path, [screen])).toEqual({ width: 1200, height: 800 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
