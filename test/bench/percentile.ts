/** The value below which `fraction` (0–1) of the samples fall, nearest-rank, from samples sorted ascending. */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0
}
