import { localTimeOf, startOfLocalDay } from '../../../common/domain/business-hours.js'

/** The ranges a supervisor picks from; `custom` reads its two dates. */
export type RangePreset = 'today' | 'days7' | 'days30' | 'custom'

export interface ReportRange {
  readonly from: number
  readonly to: number
}

/**
 * The range of a preset in `timeZone`, ending with today: today, the last 7 or 30 days (today
 * included), or the custom dates (YYYY-MM-DD, both days included).
 */
export function rangeOf(
  preset: RangePreset,
  timeZone: string,
  now: number,
  custom: { readonly from: string; readonly to: string },
): ReportRange {
  const tomorrow = startOfLocalDay(now, timeZone, 1)
  if (preset === 'today') return { from: startOfLocalDay(now, timeZone), to: tomorrow }
  if (preset === 'days7') return { from: startOfLocalDay(now, timeZone, -6), to: tomorrow }
  if (preset === 'days30') return { from: startOfLocalDay(now, timeZone, -29), to: tomorrow }
  const from = startOfDate(custom.from, timeZone)
  const to = startOfLocalDay(startOfDate(custom.to, timeZone), timeZone, 1)
  return { from, to: Math.max(to, from + 1) }
}

/** The instant a local date (YYYY-MM-DD) begins in `timeZone`. */
function startOfDate(date: string, timeZone: string): number {
  // Noon UTC of that date falls on the same local date in every zone within ±12 h.
  return startOfLocalDay(Date.parse(`${date}T12:00:00Z`), timeZone)
}

/** The local date (YYYY-MM-DD) of `at`, for date inputs and file names. */
export function localDateOf(at: number, timeZone: string): string {
  return localTimeOf(at, timeZone).date
}
