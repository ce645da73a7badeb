import { useEffect, useMemo, useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { Report, ReportRequest } from '../store/slices/reports-slice.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { downloadCsv, type ReportTable } from './csv.js'
import { ReportChart, type ReportChartOption } from './report-chart.js'
import { dailyChart, heatmapChart, ratingsChart } from './report-charts.js'
import { localDateOf, rangeOf, type RangePreset } from './report-range.js'
import {
  agentsTable,
  dailyTable,
  formatDuration,
  heatmapTable,
  ratingsTable,
  summaryTable,
  tagsTable,
} from './report-tables.js'

const PRESETS: readonly RangePreset[] = ['today', 'days7', 'days30', 'custom']

/** The time zone reports are read in: the chosen team's calendar's, else the viewer's team's, else this computer's. */
function useReportTimeZone(teamId: string | undefined): string {
  return useAppStore((state) => {
    const zoneOf = (id: string | null | undefined) =>
      state.teams.find((each) => each.id === id)?.businessHours?.timeZone ?? null
    return (
      zoneOf(teamId) ?? zoneOf(state.session.user?.teamId) ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    )
  })
}

/** One exportable table, drawn from the same cells its CSV holds. */
function TableCard(props: {
  readonly title: string
  readonly table: ReportTable
  readonly rangeLabel: string
}) {
  const { t } = useTranslation()
  const { table } = props
  return (
    <section
      className="board-card report-card"
      aria-label={props.title}
      data-testid={`report-table-${table.id}`}
    >
      <h2 className="board-card__title">
        {props.title}
        <button
          type="button"
          className="button button--small report-card__export"
          onClick={() => downloadCsv(table, props.rangeLabel)}
          data-testid={`report-csv-${table.id}`}
        >
          {t('reports.exportCsv')}
        </button>
      </h2>
      {table.rows.length === 0 ? (
        <p className="muted">{t('reports.empty')}</p>
      ) : (
        <div className="report-table-scroll">
          <table className="report-table">
            <thead>
              <tr>
                {table.headers.map((header) => (
                  <th key={header} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) => (
                    <td key={column}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Tiles({ report }: { readonly report: Report }) {
  const { t } = useTranslation()
  const tiles = [
    { key: 'ticketsOpened', value: report.totals.ticketsOpened, tone: 'accent' },
    { key: 'ticketsResolved', value: report.totals.ticketsResolved, tone: 'green' },
    { key: 'firstResponseMedian', value: formatDuration(t, report.firstResponse.medianMs), tone: 'accent' },
    {
      key: 'firstResponseBreaches',
      value: report.sla.firstResponseBreaches,
      tone: report.sla.firstResponseBreaches > 0 ? 'red' : 'grey',
    },
    { key: 'lost', value: report.window.lost, tone: report.window.lost > 0 ? 'red' : 'grey' },
    { key: 'saved', value: report.window.saved, tone: 'green' },
    {
      key: 'ratingAverage',
      value: report.satisfaction.average === null ? '—' : report.satisfaction.average.toFixed(1),
      tone: 'amber',
    },
    { key: 'messagesIn', value: report.totals.messagesIn, tone: 'grey' },
  ] as const
  return (
    <div className="board-summary report-summary">
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className={`board-tile board-tile--${tile.tone}`}
          data-testid={`report-${tile.key}`}
        >
          <span className="board-tile__value">{tile.value}</span>
          <span className="board-tile__label">{t(`reports.figure.${tile.key}`)}</span>
        </div>
      ))}
    </div>
  )
}

/** Filters the viewer may change: accounts where there are several, teams for admins, agents, tags. */
function Filters(props: {
  readonly filters: Omit<ReportRequest, 'from' | 'to' | 'timeZone'>
  readonly onChange: (filters: Omit<ReportRequest, 'from' | 'to' | 'timeZone'>) => void
}) {
  const { t } = useTranslation()
  const role = useAppStore((state) => state.session.user?.role ?? 'agent')
  const accounts = useAppStore((state) => state.session.accounts ?? [])
  const teams = useAppStore((state) => state.teams)
  const users = useAppStore((state) => state.usersByName)
  const tags = useAppStore((state) => state.tags)
  const { filters, onChange } = props
  const select = (
    key: keyof typeof filters,
    label: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <label className="report-filter">
      <span>{label}</span>
      <select
        value={filters[key] ?? ''}
        onChange={(event) =>
          onChange({ ...filters, [key]: event.target.value === '' ? undefined : event.target.value })
        }
        data-testid={`report-filter-${key}`}
      >
        <option value="">{t('reports.all')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <>
      {accounts.length > 1
        ? select(
            'accountKey',
            t('reports.account'),
            accounts.map((account) => ({ value: account.key, label: account.name })),
          )
        : null}
      {role === 'admin'
        ? select(
            'teamId',
            t('reports.team'),
            teams.map((team) => ({ value: team.id, label: team.name })),
          )
        : null}
      {role === 'agent'
        ? null
        : select(
            'username',
            t('reports.agent'),
            Object.values(users).map((user) => ({ value: user.username, label: user.displayName })),
          )}
      {select(
        'tagId',
        t('reports.tag'),
        tags.map((tag) => ({ value: tag.id, label: tag.name })),
      )}
    </>
  )
}

/** The charts, in the order the screen shows them. */
function chartCards(t: TFunction, charts: Record<'daily' | 'heatmap' | 'ratings', ReportChartOption>) {
  return [
    {
      title: t('reports.dailyTitle'),
      optionOf: charts.daily,
      testId: 'report-chart-daily',
      height: 240,
      isWide: true,
    },
    {
      title: t('reports.heatmapTitle'),
      optionOf: charts.heatmap,
      testId: 'report-chart-heatmap',
      height: 280,
      isWide: true,
    },
    {
      title: t('reports.ratingsTitle'),
      optionOf: charts.ratings,
      testId: 'report-chart-ratings',
      height: 180,
      isWide: false,
    },
  ]
}

/** The tables, each exportable: its CSV is the cells shown. */
function tableCards(t: TFunction, report: Report) {
  return [
    { title: t('reports.summaryTitle'), table: summaryTable(t, report) },
    { title: t('reports.agentsTitle'), table: agentsTable(t, report) },
    { title: t('reports.tagsTitle'), table: tagsTable(t, report) },
    { title: t('reports.ratingsTitle'), table: ratingsTable(t, report) },
    { title: t('reports.dailyTitle'), table: dailyTable(t, report) },
    { title: t('reports.heatmapTitle'), table: heatmapTable(t, report) },
  ]
}

/** Reports: how the team did over a range, in its time zone, as charts and exportable tables. */
export function ReportsScreen() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const report = useAppStore((state) => state.report)
  const isLoading = useAppStore((state) => state.isReportLoading)
  const [preset, setPreset] = useState<RangePreset>('days7')
  const [filters, setFilters] = useState<Omit<ReportRequest, 'from' | 'to' | 'timeZone'>>({})
  const timeZone = useReportTimeZone(filters.teamId)
  const today = localDateOf(Date.now(), timeZone)
  const [custom, setCustom] = useState({ from: today, to: today })
  const [error, setError] = useState<string | null>(null)
  const range = useMemo(() => rangeOf(preset, timeZone, Date.now(), custom), [preset, timeZone, custom])

  useEffect(() => {
    let isCurrent = true
    void store
      .getState()
      .loadReport({ ...range, timeZone, ...filters })
      .then((result) => isCurrent && setError(result.ok ? null : result.message))
    return () => {
      isCurrent = false
    }
  }, [store, range, timeZone, filters])

  const rangeLabel = `${localDateOf(range.from, timeZone)}_${localDateOf(range.to - 1, timeZone)}`
  const charts = useMemo(
    () =>
      report === null
        ? null
        : {
            daily: dailyChart(t, report),
            heatmap: heatmapChart(t, report),
            ratings: ratingsChart(t, report),
          },
    [report, t],
  )
  return (
    <div className="board reports" data-testid="reports" aria-busy={isLoading}>
      <header className="board__header reports__header">
        <h1>{t('reports.title')}</h1>
        <div className="segmented" role="group" aria-label={t('reports.range')}>
          {PRESETS.map((each) => (
            <button
              key={each}
              type="button"
              className={`segmented__option${preset === each ? ' is-active' : ''}`}
              aria-pressed={preset === each}
              onClick={() => setPreset(each)}
              data-testid={`report-range-${each}`}
            >
              {t(`reports.preset.${each}`)}
            </button>
          ))}
        </div>
        {preset === 'custom' ? (
          <span className="report-dates">
            <input
              type="date"
              value={custom.from}
              max={custom.to}
              onChange={(event) =>
                event.target.value !== '' && setCustom({ ...custom, from: event.target.value })
              }
              aria-label={t('reports.from')}
              data-testid="report-from"
            />
            <input
              type="date"
              value={custom.to}
              min={custom.from}
              onChange={(event) =>
                event.target.value !== '' && setCustom({ ...custom, to: event.target.value })
              }
              aria-label={t('reports.to')}
              data-testid="report-to"
            />
          </span>
        ) : null}
        <Filters filters={filters} onChange={setFilters} />
        <span className="muted report-zone" data-testid="report-zone">
          {t('reports.zone', { zone: timeZone })}
        </span>
      </header>
      {error === null ? null : (
        <p className="form-error" role="alert" data-testid="report-error">
          {t('reports.failed', { message: error })}
        </p>
      )}
      {report === null || charts === null ? (
        <p className="muted">{t('reports.loading')}</p>
      ) : (
        <>
          <Tiles report={report} />
          <div className="reports__grid">
            {chartCards(t, charts).map((card) => (
              <section
                key={card.testId}
                className={`board-card report-card${card.isWide ? ' report-card--wide' : ''}`}
                aria-label={card.title}
              >
                <h2 className="board-card__title">{card.title}</h2>
                <ReportChart
                  optionOf={card.optionOf}
                  label={card.title}
                  testId={card.testId}
                  height={card.height}
                />
              </section>
            ))}
            {tableCards(t, report).map((card) => (
              <TableCard key={card.table.id} title={card.title} table={card.table} rangeLabel={rangeLabel} />
            ))}
          </div>
        </>
      )}
    </div>
  )
}
