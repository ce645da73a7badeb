import { messagesLeft, timeLeftMs, type ReplyWindow } from '../../../common/domain/reply-window.js'

/** Colour stage of a countdown: green > 12 h, lime 6–12 h, amber < 6 h, red < 1 h, grey when closed. */
export type CountdownStage = 'green' | 'lime' | 'amber' | 'red' | 'expired'

const HOUR = 3_600_000

/** What a countdown pill shows, from the one reply-window policy. */
export interface Countdown {
  readonly stage: CountdownStage
  readonly timeLeftMs: number
  /** "3/5": left of quota; null quota = unlimited. */
  readonly messagesLeft: number | null
  readonly quota: number | null
  /** The 1-minute follow / scan / menu windows. */
  readonly isEventWindow: boolean
  readonly state: ReplyWindow['state']
}

/** The countdown of a window at `now`. */
export function countdownOf(window: ReplyWindow, now: number): Countdown {
  const left = timeLeftMs(window, now)
  const stage: CountdownStage =
    window.state !== 'open'
      ? 'expired'
      : left < HOUR
        ? 'red'
        : left < 6 * HOUR
          ? 'amber'
          : left <= 12 * HOUR
            ? 'lime'
            : 'green'
  return {
    stage,
    timeLeftMs: left,
    messagesLeft: messagesLeft(window),
    quota: window.quota,
    isEventWindow: window.kind === 'event',
    state: window.state,
  }
}

/** Splits a duration for display: whole hours, minutes and seconds. */
export function durationParts(ms: number): {
  readonly hours: number
  readonly minutes: number
  readonly seconds: number
} {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000))
  return {
    hours: Math.floor(totalSeconds / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
  }
}
