import type { businessHoursSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/**
 * A team's calendar: a time zone, weekly opening intervals (a day may have several; one that ends
 * before it starts runs past midnight and belongs to the day it started; `start === end` is the whole
 * day) and holidays (local dates on which no interval that starts that day opens). The off-hours
 * auto-reply, SLA clocks and reports all read time through this one rule.
 */
export type BusinessHours = Wire<typeof businessHoursSchema>

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
/** A deadline further than this is not looked for: a calendar with no opening at all has none. */
const LONGEST_SEARCH_DAYS = 400

const formatters = new Map<string, Intl.DateTimeFormat>()

/** One formatter per zone: building one costs far more than using it. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall clock of `at` in `timeZone`. */
export interface LocalTime {
  /** 0 = Sunday. */
  readonly day: number
  /** YYYY-MM-DD. */
  readonly date: string
  readonly minutes: number
  /** What the wall clock reads, as if it were UTC: the difference to `at` is the zone's offset. */
  readonly wallMs: number
}

export function localTimeOf(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatterOf(timeZone).formatToParts(at)) parts[part.type] = part.value
  const [year, month, dayOfMonth] = [Number(parts.year), Number(parts.month), Number(parts.day)]
  const hour = Number(parts.hour)
  const minute = Number(parts.minute)
  return {
    day: WEEKDAYS.indexOf(parts.weekday ?? ''),
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + minute,
    wallMs: Date.UTC(year, month - 1, dayOfMonth, hour, minute, Number(parts.second)) + (at % 1000),
  }
}

/** The instant the wall clock of `timeZone` reads `wallMs` (a time skipped by a DST change moves on). */
function instantOfWall(wallMs: number, timeZone: string): number {
  const firstGuess = wallMs - (localTimeOf(wallMs, timeZone).wallMs - wallMs)
  return wallMs - (localTimeOf(firstGuess, timeZone).wallMs - firstGuess)
}

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/** The opening intervals (epoch ms, `start < end`) of the local day whose midnight reads `dayWallMs`. */
function intervalsOfDay(hours: BusinessHours, dayWallMs: number): [number, number][] {
  const date = new Date(dayWallMs).toISOString().slice(0, 10)
  if (hours.holidays.includes(date)) return []
  const weekday = new Date(dayWallMs).getUTCDay()
  const intervals: [number, number][] = []
  for (const opening of hours.weekly) {
    if (opening.day !== weekday) continue
    const start = minutesOf(opening.start)
    let end = minutesOf(opening.end)
    if (end <= start) end += 24 * 60
    intervals.push([
      instantOfWall(dayWallMs + start * MINUTE, hours.timeZone),
      instantOfWall(dayWallMs + end * MINUTE, hours.timeZone),
    ])
  }
  return intervals.sort((a, b) => a[0] - b[0])
}

/** Local midnight (as wall ms) of the day before the one `at` falls on: an overnight interval may reach it. */
function dayBeforeWallMs(at: number, timeZone: string): number {
  const wall = localTimeOf(at, timeZone).wallMs
  return wall - (wall % DAY) - DAY
}

/** The instant the local day of `at` began in `timeZone`, `days` days later (negative: earlier). */
export function startOfLocalDay(at: number, timeZone: string, days = 0): number {
  const wall = localTimeOf(at, timeZone).wallMs
  return instantOfWall(wall - (wall % DAY) + days * DAY, timeZone)
}

/** Whether the team is open at `at`. */
export function isOpenAt(hours: BusinessHours, at: number): boolean {
  const first = dayBeforeWallMs(at, hours.timeZone)
  for (let day = first; day <= first + DAY; day += DAY) {
    if (intervalsOfDay(hours, day).some(([start, end]) => at >= start && at < end)) return true
  }
  return false
}

/** Open time between `from` and `to` (0 when `to <= from`): an SLA or report clock in business hours. */
export function businessMsBetween(hours: BusinessHours, from: number, to: number): number {
  if (to <= from) return 0
  let total = 0
  for (let day = dayBeforeWallMs(from, hours.timeZone); ; day += DAY) {
    const intervals = intervalsOfDay(hours, day)
    for (const [start, end] of intervals) total += Math.max(0, Math.min(end, to) - Math.max(start, from))
    // Past `to` by more than a day: no later day's interval can start before it.
    if (day - DAY > localTimeOf(to, hours.timeZone).wallMs) return total
  }
}

/** The instant `ms` of open time after `from`, or null when the calendar opens too little to reach it. */
export function addBusinessMs(hours: BusinessHours, from: number, ms: number): number | null {
  let left = ms
  const first = dayBeforeWallMs(from, hours.timeZone)
  for (let day = first; day < first + LONGEST_SEARCH_DAYS * DAY; day += DAY) {
    for (const [start, end] of intervalsOfDay(hours, day)) {
      const open = Math.max(start, from)
      if (end <= open) continue
      if (end - open >= left) return open + left
      left -= end - open
    }
  }
  return null
}

/** A team with no calendar of its own is open around the clock: its clocks count wall-clock time. */
export const ALWAYS_OPEN: BusinessHours = {
  timeZone: 'UTC',
  weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '00:00' })),
  holidays: [],
}

/** The calendar written the way the off-hours reply was first configured: the same hours on some days. */
export function businessHoursOfDays(
  timeZone: string,
  days: readonly number[],
  start: string,
  end: string,
): BusinessHours {
  return { timeZone, weekly: days.map((day) => ({ day, start, end })), holidays: [] }
}
