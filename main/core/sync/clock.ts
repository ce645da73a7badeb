/** Time as the core sees it: injected so tests can spend minutes offline without waiting for them. */
export interface Clock {
  now(): number
  /** Calls back after `delayMs`; answers a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs)
    timer.unref?.()
    return () => clearTimeout(timer)
  },
}

/** Milliseconds to wait before reconnect attempt number `attempt` (0 = the first retry). */
export type Backoff = (attempt: number) => number

const STEPS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000]

/** 1 s, 2 s, 5 s … up to a minute, with a little jitter so a relay restart is not met by every desktop at once. */
export const defaultBackoff: Backoff = (attempt) => {
  const base = STEPS_MS[Math.min(attempt, STEPS_MS.length - 1)]!
  return Math.round(base * (0.8 + Math.random() * 0.4))
}
