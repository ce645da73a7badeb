import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import type { EChartsCoreOption } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useState } from 'react'

// Only what the Reports screen draws: the bundle carries these, not all of ECharts.
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
])

/** The theme's colours as the stylesheet defines them, so charts follow light and dark. */
export interface ChartColors {
  readonly text: string
  readonly muted: string
  readonly border: string
  readonly surface: string
  readonly accent: string
  readonly green: string
  readonly amber: string
  readonly red: string
  readonly accentSoft: string
}

function colorsNow(): ChartColors {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string) => style.getPropertyValue(name).trim()
  return {
    text: read('--text'),
    muted: read('--text-3'),
    border: read('--border'),
    surface: read('--surface'),
    accent: read('--accent'),
    green: read('--green'),
    amber: read('--amber'),
    red: read('--red'),
    accentSoft: read('--accent-soft'),
  }
}

/** The theme's colours, read again whenever `<html data-theme>` changes. */
function useChartColors(): ChartColors {
  const [colors, setColors] = useState(colorsNow)
  useEffect(() => {
    const observer = new MutationObserver(() => setColors(colorsNow()))
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => observer.disconnect()
  }, [])
  return colors
}

/** A chart's option, built from the theme's colours. */
export type ReportChartOption = (colors: ChartColors) => EChartsCoreOption

/** One ECharts chart: `optionOf` builds its option from the theme's colours; resized with its box. */
export function ReportChart(props: {
  readonly optionOf: ReportChartOption
  readonly label: string
  readonly testId: string
  readonly height?: number
}) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const colors = useChartColors()
  useEffect(() => {
    const element = box.current
    if (element === null) return
    const instance = echarts.init(element, null, { renderer: 'canvas' })
    chart.current = instance
    const resize = new ResizeObserver(() => instance.resize())
    resize.observe(element)
    return () => {
      resize.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])
  const { optionOf } = props
  useEffect(() => {
    chart.current?.setOption(optionOf(colors), { notMerge: true })
  }, [optionOf, colors])
  return (
    <div
      ref={box}
      className="report-chart"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ height: props.height ?? 240 }}
    />
  )
}
