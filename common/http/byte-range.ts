import parseRange from 'range-parser'

/** What to answer a `Range` request for a file of `size` bytes: the whole file, one range, or 416. */
export type ByteRangeAnswer =
  | { readonly status: 200 }
  | { readonly status: 206; readonly start: number; readonly end: number; readonly contentRange: string }
  | { readonly status: 416; readonly contentRange: string }

/**
 * The one rule both the relay and the desktop serve media by (audio and video elements seek with ranges):
 * one satisfiable byte range answers 206, an unsatisfiable one 416, anything else (none, several, another
 * unit) the whole file.
 */
export function byteRangeOf(size: number, header: string | null | undefined): ByteRangeAnswer {
  if (header === null || header === undefined || header === '') return { status: 200 }
  const ranges = parseRange(size, header, { combine: true })
  if (ranges === -1) return { status: 416, contentRange: `bytes */${size}` }
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return { status: 200 }
  const { start, end } = ranges[0]!
  return { status: 206, start, end, contentRange: `bytes ${start}-${end}/${size}` }
}
