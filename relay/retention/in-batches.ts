/**
 * Runs `work` over (`from`, `to`] in slices of `size`, yielding to the event loop between slices, so a
 * scan of a large table never holds webhooks and sockets for more than one slice.
 */
export async function inBatches(
  from: number,
  to: number,
  size: number,
  work: (from: number, to: number) => Promise<void>,
): Promise<void> {
  for (let start = from; start < to; start += size) {
    await work(start, Math.min(start + size, to))
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}
