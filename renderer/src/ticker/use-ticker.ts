import { useCallback, useSyncExternalStore } from 'react'
import { subscribeTicker, tickerNow } from './ticker.js'

/**
 * A value derived from the shared tick; the component re-renders only when it changes, so return a
 * primitive (a string or number), not a fresh object.
 */
export function useTicker<T extends string | number | boolean | null>(derive: (now: number) => T): T {
  const snapshot = useCallback(() => derive(tickerNow()), [derive])
  return useSyncExternalStore(subscribeTicker, snapshot, snapshot)
}

/** The shared tick's time, bucketed: re-renders once per `bucketMs` rather than every second. */
export function useNowBucket(bucketMs: number): number {
  const derive = useCallback((now: number) => Math.floor(now / bucketMs) * bucketMs, [bucketMs])
  return useTicker(derive)
}
