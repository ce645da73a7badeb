/** One table of the Reports screen: the same headers and cells on screen and in its CSV. */
export interface ReportTable {
  /** File name stem and test id. */
  readonly id: string
  readonly headers: readonly string[]
  readonly rows: readonly (readonly (string | number)[])[]
}

/** A cell as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
function cellOf(value: string | number): string {
  const text = String(value)
  // A leading =, +, - or @ would run as a formula in a spreadsheet: a follower's words never may.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** The table as CSV, with a byte-order mark so spreadsheets read Chinese names as UTF-8. */
export function csvOf(table: ReportTable): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(cellOf).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Saves the table as `<id>-<range>.csv` through the browser's download (Electron asks where). */
export function downloadCsv(table: ReportTable, rangeLabel: string): void {
  const url = URL.createObjectURL(new Blob([csvOf(table)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = `${table.id}-${rangeLabel}.csv`
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken the bytes once the click's task ran.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
