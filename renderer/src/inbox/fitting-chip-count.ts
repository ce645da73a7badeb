/** Space between chips, as in the stylesheet's `.row-tags` gap. */
const CHIP_GAP_PX = 8
/** Room kept for the "+N" chip whenever not every tag fits. */
const MORE_CHIP_PX = 30

/** How many chips (natural widths, in order) fit in `available` px, keeping room for "+N" if needed. */
export function fittingChipCount(widths: readonly number[], available: number): number {
  const total = widths.reduce((sum, width) => sum + width, 0) + CHIP_GAP_PX * Math.max(0, widths.length - 1)
  if (total <= available) return widths.length
  let used = MORE_CHIP_PX
  let count = 0
  for (const width of widths) {
    used += width + CHIP_GAP_PX
    if (used > available) break
    count += 1
  }
  return count
}
