import { useEffect } from 'react'
import type { AppStore } from '../store/create-app-store.js'

/** No keyboard or mouse for this long turns the agent away. */
export const IDLE_AFTER_MS = 5 * 60_000
const CHECK_EVERY_MS = 15_000
const ACTIVITY_EVENTS = ['keydown', 'mousemove', 'mousedown', 'wheel', 'touchstart', 'focus'] as const

/**
 * Idle detection in the page: no input for `idleAfterMs` sets the status away, the next input sets it
 * online again. Main hears it through the api and repeats it to the relay as the heartbeat.
 */
export function useIdlePresence(store: AppStore, idleAfterMs = IDLE_AFTER_MS): void {
  useEffect(() => {
    let lastActivityAt = Date.now()
    let isIdle = false
    const onActivity = (): void => {
      lastActivityAt = Date.now()
      if (!isIdle) return
      isIdle = false
      store.getState().setIdle(false)
    }
    const check = (): void => {
      if (isIdle || Date.now() - lastActivityAt < idleAfterMs) return
      isIdle = true
      store.getState().setIdle(true)
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true })
    const timer = setInterval(check, Math.min(CHECK_EVERY_MS, idleAfterMs))
    return () => {
      clearInterval(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity)
    }
  }, [store, idleAfterMs])
}
