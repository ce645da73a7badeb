import type { EChartsCoreOption } from 'echarts/core'
import type { TFunction } from 'i18next'
import type { Report } from '../store/slices/reports-slice.js'
import type { ChartColors } from './report-chart.js'
import { WEEK_FROM_MONDAY } from './report-tables.js'

const axisOf = (colors: ChartColors) => ({
  axisLine: { lineStyle: { color: colors.border } },
  axisLabel: { color: colors.muted },
  splitLine: { lineStyle: { color: colors.border } },
})

const tooltipOf = (colors: ChartColors) => ({
  backgroundColor: colors.surface,
  borderColor: colors.border,
  textStyle: { color: colors.text },
})

/** Tickets opened and resolved per day, with followers' messages as a line on its own axis. */
export function dailyChart(t: TFunction, report: Report) {
  return (colors: ChartColors): EChartsCoreOption => ({
    color: [colors.accent, colors.green, colors.amber],
    tooltip: { trigger: 'axis', ...tooltipOf(colors) },
    legend: { textStyle: { color: colors.text }, top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: report.daily.map((day) => day.date.slice(5)), ...axisOf(colors) },
    yAxis: [
      { type: 'value', minInterval: 1, ...axisOf(colors) },
      { type: 'value', minInterval: 1, ...axisOf(colors), splitLine: { show: false } },
    ],
    series: [
      { name: t('reports.dailyColumn.opened'), type: 'bar', data: report.daily.map((day) => day.opened) },
      { name: t('reports.dailyColumn.resolved'), type: 'bar', data: report.daily.map((day) => day.resolved) },
      {
        name: t('reports.dailyColumn.messagesIn'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: report.daily.map((day) => day.messagesIn),
      },
    ],
  })
}

/** Followers' messages by weekday and hour: when the team is needed. */
export function heatmapChart(t: TFunction, report: Report) {
  const cells = WEEK_FROM_MONDAY.flatMap((day, row) =>
    report.heatmap[day]!.map((count, hour) => [hour, row, count]),
  )
  const most = Math.max(1, ...cells.map((cell) => cell[2]!))
  return (colors: ChartColors): EChartsCoreOption => ({
    tooltip: { position: 'top', ...tooltipOf(colors) },
    grid: { left: 56, right: 16, top: 8, bottom: 56 },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, hour) => String(hour)),
      ...axisOf(colors),
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: WEEK_FROM_MONDAY.map((day) => t(`reports.weekdays.${day}`)),
      ...axisOf(colors),
    },
    visualMap: {
      min: 0,
      max: most,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      textStyle: { color: colors.muted },
      inRange: { color: [colors.accentSoft, colors.accent] },
    },
    series: [{ name: t('reports.heatmapTitle'), type: 'heatmap', data: cells }],
  })
}

/** How many followers gave each score. */
export function ratingsChart(t: TFunction, report: Report) {
  return (colors: ChartColors): EChartsCoreOption => ({
    color: [colors.green],
    tooltip: { trigger: 'axis', ...tooltipOf(colors) },
    grid: { left: 32, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], ...axisOf(colors) },
    yAxis: { type: 'value', minInterval: 1, ...axisOf(colors) },
    series: [{ name: t('reports.ratingColumn.count'), type: 'bar', data: report.satisfaction.distribution }],
  })
}
