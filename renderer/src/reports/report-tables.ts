import type { TFunction } from 'i18next'
import type { Report } from '../store/slices/reports-slice.js'
import type { ReportTable } from './csv.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** A duration as supervisors read it: "45 s", "12 min", "3 h 05 min", "2 d 4 h"; "—" for none. */
export function formatDuration(t: TFunction, ms: number | null): string {
  if (ms === null) return '—'
  if (ms < MINUTE) return t('reports.seconds', { count: Math.round(ms / 1000) })
  if (ms < HOUR) return t('reports.minutes', { count: Math.round(ms / MINUTE) })
  if (ms < 24 * HOUR) {
    const minutes = Math.round(ms / MINUTE)
    return t('reports.hoursMinutes', {
      hours: Math.floor(minutes / 60),
      minutes: String(minutes % 60).padStart(2, '0'),
    })
  }
  const hours = Math.round(ms / HOUR)
  return t('reports.daysHours', { days: Math.floor(hours / 24), hours: hours % 24 })
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)

/** The headline figures, one per line: the tiles' numbers, as a table to export. */
export function summaryTable(t: TFunction, report: Report): ReportTable {
  const line = (key: string, value: string | number) => [t(`reports.figure.${key}`), value] as const
  const { totals, firstResponse, resolution, sla, window, satisfaction } = report
  return {
    id: 'summary',
    headers: [t('reports.figureColumn'), t('reports.valueColumn')],
    rows: [
      line('conversationsOpened', totals.conversationsOpened),
      line('ticketsOpened', totals.ticketsOpened),
      line('ticketsResolved', totals.ticketsResolved),
      line('ticketsReopened', totals.ticketsReopened),
      line('messagesIn', totals.messagesIn),
      line('messagesOut', totals.messagesOut),
      line('firstResponseMedian', formatDuration(t, firstResponse.medianMs)),
      line('firstResponseP90', formatDuration(t, firstResponse.p90Ms)),
      line('firstResponseBusinessMedian', formatDuration(t, firstResponse.businessMedianMs)),
      line('firstResponseBusinessP90', formatDuration(t, firstResponse.businessP90Ms)),
      line('resolutionMedian', formatDuration(t, resolution.medianMs)),
      line('resolutionP90', formatDuration(t, resolution.p90Ms)),
      line('resolutionBusinessMedian', formatDuration(t, resolution.businessMedianMs)),
      line('resolutionBusinessP90', formatDuration(t, resolution.businessP90Ms)),
      line('firstResponseBreaches', sla.firstResponseBreaches),
      line('nextResponseBreaches', sla.nextResponseBreaches),
      line('lost', window.lost),
      line('saved', window.saved),
      line('quotaRefusals', window.quotaRefusals),
      line('templates', window.templates),
      line('ratingAverage', satisfaction.average === null ? '—' : satisfaction.average.toFixed(2)),
      line('ratingsAsked', satisfaction.asked),
      line('ratingsGiven', satisfaction.rated),
      line('ratingResponseRate', percent(satisfaction.responseRate)),
    ],
  }
}

export function agentsTable(t: TFunction, report: Report): ReportTable {
  return {
    id: 'agents',
    headers: ['agent', 'handled', 'resolved', 'firstResponse', 'openLoad', 'online'].map((key) =>
      t(`reports.agentColumn.${key}`),
    ),
    rows: report.agents.map((agent) => [
      agent.displayName,
      agent.handled,
      agent.resolved,
      formatDuration(t, agent.firstResponseMedianMs),
      agent.openLoad,
      formatDuration(t, agent.onlineMs),
    ]),
  }
}

export function tagsTable(t: TFunction, report: Report): ReportTable {
  return {
    id: 'tags',
    headers: ['tag', 'tickets', 'firstResponse', 'resolution'].map((key) => t(`reports.tagColumn.${key}`)),
    rows: report.tags.map((tag) => [
      tag.name,
      tag.tickets,
      formatDuration(t, tag.firstResponseMedianMs),
      formatDuration(t, tag.resolutionMedianMs),
    ]),
  }
}

export function dailyTable(t: TFunction, report: Report): ReportTable {
  return {
    id: 'daily',
    headers: ['date', 'opened', 'resolved', 'messagesIn'].map((key) => t(`reports.dailyColumn.${key}`)),
    rows: report.daily.map((day) => [day.date, day.opened, day.resolved, day.messagesIn]),
  }
}

export function ratingsTable(t: TFunction, report: Report): ReportTable {
  return {
    id: 'ratings',
    headers: [t('reports.ratingColumn.score'), t('reports.ratingColumn.count')],
    rows: report.satisfaction.distribution.map((count, index) => [index + 1, count]),
  }
}

/** Weekday names from Monday, as the heatmap and its CSV list them. */
export const WEEK_FROM_MONDAY = [1, 2, 3, 4, 5, 6, 0] as const

export function heatmapTable(t: TFunction, report: Report): ReportTable {
  return {
    id: 'heatmap',
    headers: [t('reports.weekday'), ...Array.from({ length: 24 }, (_, hour) => `${hour}:00`)],
    rows: WEEK_FROM_MONDAY.map((day) => [t(`reports.weekdays.${day}`), ...report.heatmap[day]!]),
  }
}
