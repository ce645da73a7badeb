import { businessHoursOfDays, isOpenAt, type BusinessHours } from '../../common/domain/business-hours.js'
import type { AutoReplyRules } from '../../common/relay/auto-reply-rules.js'

/**
 * The calendar the off-hours reply reads: the team's that answers the conversation when it keeps one
 * (the same calendar its SLA clocks and reports use), else the hours written in the rule itself.
 */
export function offHoursCalendarOf(
  hours: AutoReplyRules['offHours'],
  teamCalendar: BusinessHours | null,
): BusinessHours {
  return teamCalendar ?? businessHoursOfDays(hours.timeZone, hours.days, hours.start, hours.end)
}

/** Whether `at` falls inside working hours (common/domain/business-hours.ts is the one rule). */
export function isWithinWorkingHours(
  hours: AutoReplyRules['offHours'],
  at: number,
  teamCalendar: BusinessHours | null = null,
): boolean {
  return isOpenAt(offHoursCalendarOf(hours, teamCalendar), at)
}
