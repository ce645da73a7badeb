import { readFileSync, writeFileSync } from 'node:fs'
import type { Rectangle } from 'electron'

/** Saved bounds, read back only when they still land on a screen (a monitor may be gone). */
export function loadWindowBounds(path: string, workAreas: readonly Rectangle[]): Partial<Rectangle> | null {
  let saved: Partial<Rectangle>
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Rectangle>
  } catch {
    return null
  }
  const { x, y, width, height } = saved
  if (![x, y, width, height].every((value) => typeof value === 'number' && Number.isFinite(value)))
    return null
  const bounds = { x: x!, y: y!, width: width!, height: height! }
  // At least a corner of the title bar must be on some screen, or the window would be out of reach.
  const isVisible = workAreas.some(
    (area) =>
      bounds.x + 100 > area.x &&
      bounds.x < area.x + area.width - 100 &&
      bounds.y >= area.y &&
      bounds.y < area.y + area.height - 50,
  )
  // Off every screen: keep the size, let the OS place it.
  return isVisible ? bounds : { width: bounds.width, height: bounds.height }
}

/** Writes the window's bounds; a failure only costs the remembered size. */
export function saveWindowBounds(path: string, bounds: Rectangle): void {
  try {
    writeFileSync(path, JSON.stringify(bounds))
  } catch {
    // The next start uses the default size.
  }
}
