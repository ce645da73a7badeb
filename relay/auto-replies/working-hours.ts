import type { AutoReplyRules } from '../../common/relay/auto-reply-rules.js'

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/** Weekday (0 = Sunday) and minutes since midnight of `at` in `timeZone`. */
export function localTimeOf(
  at: number,
  timeZone: string,
): { readonly day: number; readonly minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? ''
  return {
    day: WEEKDAYS.indexOf(part('weekday')),
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  }
}

/**
 * Whether `at` falls inside the configured working hours, in the configured time zone. A shift that
 * ends before it starts (22:00–06:00) runs past midnight and belongs to the day it started.
 */
export function isWithinWorkingHours(hours: AutoReplyRules['offHours'], at: number): boolean {
  const { day, minutes } = localTimeOf(at, hours.timeZone)
  const start = minutesOf(hours.start)
  const end = minutesOf(hours.end)
  if (start === end) return hours.days.includes(day)
  if (start < end) return hours.days.includes(day) && minutes >= start && minutes < end
  if (minutes >= start) return hours.days.includes(day)
  return minutes < end && hours.days.includes((day + 6) % 7)
}
