/**
 * The one clock behind every countdown. Only mounted components subscribe, so with a virtualized
 * inbox only the visible rows re-render each second.
 */
type Listener = () => void

const listeners = new Set<Listener>()
let timer: ReturnType<typeof setInterval> | null = null
let now = Date.now()

/** The tick's time: the same `now` for every countdown on screen. */
export function tickerNow(): number {
  return timer === null ? Date.now() : now
}

/** Subscribes to the once-a-second tick; the timer runs only while someone listens. */
export function subscribeTicker(listener: Listener): () => void {
  listeners.add(listener)
  if (timer === null) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const each of listeners) each()
    }, 1000)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }
}
