/**
 * How far a catch-up is, in whole percent, or null when the relay did not say how much there is (a log
 * replay). Never 100 while still catching up: the indicator turns to live when it is done.
 */
export function catchUpPercentOf(applied: number, total: number | undefined): number | null {
  if (total === undefined || !(total > 0)) return null
  return Math.min(99, Math.max(0, Math.floor((applied / total) * 100)))
}
