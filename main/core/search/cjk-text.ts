import type { SnippetPart } from '../../../common/ipc/channels.js'

/**
 * How message text reaches SQLite's FTS5 and how a query becomes an FTS5 match expression.
 *
 * FTS5's trigram tokenizer needs three characters, yet the commonest Chinese queries are two (退款,
 * 发货). So CJK runs are indexed as overlapping bigrams in one column and single characters in another,
 * while everything else goes through unicode61 in a third: a 1-character query is one unigram token, a
 * 2- to 4-character query a phrase of adjacent bigrams — both answered from the index, never a scan.
 */

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu
const WORD = /[\p{L}\p{N}]+/gu

/** A token between two CJK runs, so a bigram phrase never spans text that was not adjacent. */
const RUN_BREAK = '0'

/** The three FTS5 columns of one message text. */
export interface IndexColumns {
  readonly words: string
  readonly bigrams: string
  readonly unigrams: string
}

/** One piece of a parsed query: a CJK run or a word of any other script. */
export interface QueryTerm {
  readonly text: string
  readonly isCjk: boolean
}

/**
 * Splits a message text into the FTS5 columns. Strings are built as it goes, one pass over the text:
 * a cold snapshot splits every message it stores.
 */
export function indexColumnsOf(text: string): IndexColumns {
  let words = ''
  let bigrams = ''
  let unigrams = ''
  let wordsFrom = 0
  // exec on the shared expression, not matchAll: no iterator, no copy of the expression per text.
  CJK_RUN.lastIndex = 0
  for (let match = CJK_RUN.exec(text); match !== null; match = CJK_RUN.exec(text)) {
    const run = match[0]
    words += `${text.slice(wordsFrom, match.index)} `
    wordsFrom = match.index + run.length
    if (bigrams !== '') bigrams += ` ${RUN_BREAK}`
    let previous = ''
    for (const char of run) {
      if (previous !== '') bigrams += bigrams === '' ? previous + char : ` ${previous}${char}`
      unigrams += unigrams === '' ? char : ` ${char}`
      previous = char
    }
  }
  return { words: wordsFrom === 0 ? text : words + text.slice(wordsFrom), bigrams, unigrams }
}

/** The terms of a query, in order; CJK runs and other words apart. */
export function queryTermsOf(query: string): readonly QueryTerm[] {
  const terms: QueryTerm[] = []
  for (const match of query.normalize('NFC').matchAll(WORD)) terms.push(...splitByScript(match[0]))
  return terms
}

function splitByScript(word: string): QueryTerm[] {
  const pieces: QueryTerm[] = []
  for (const char of word) {
    const isCjk = CJK_CHAR.test(char)
    const last = pieces.at(-1)
    if (last !== undefined && last.isCjk === isCjk)
      pieces[pieces.length - 1] = { text: last.text + char, isCjk }
    else pieces.push({ text: char, isCjk })
  }
  return pieces
}

/**
 * The FTS5 match expression for a query, or null when it holds nothing searchable. Every term must
 * match (AND); other words match as prefixes so `refu` finds `refund`.
 */
export function matchExpressionOf(query: string): string | null {
  const parts = queryTermsOf(query).map((term) => {
    if (!term.isCjk) return `words : ${quoted(term.text.toLowerCase())}*`
    const chars = Array.from(term.text)
    if (chars.length === 1) return `unigrams : ${quoted(chars[0]!)}`
    const bigrams: string[] = []
    for (let index = 0; index + 1 < chars.length; index += 1) bigrams.push(chars[index]! + chars[index + 1]!)
    return `bigrams : ${quoted(bigrams.join(' '))}`
  })
  return parts.length === 0 ? null : parts.join(' AND ')
}

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/** Characters of context kept before the first match of a snippet. */
const LEAD = 24
/** Longest snippet, in characters. */
const SNIPPET_LENGTH = 120

/**
 * A snippet of `text` around the query's matches, the matches marked. Plain parts, never HTML, so the
 * renderer cannot be fed markup from a follower's message.
 */
export function snippetOf(text: string, query: string): readonly SnippetPart[] {
  const ranges = matchRangesOf(text, queryTermsOf(query))
  const first = ranges[0]?.start ?? 0
  const start = Math.max(0, Math.min(first - LEAD, text.length - SNIPPET_LENGTH))
  const end = Math.min(text.length, start + SNIPPET_LENGTH)
  const parts: SnippetPart[] = []
  let position = start
  if (start > 0) parts.push({ text: '…', isMatch: false })
  for (const range of ranges) {
    if (range.end <= position || range.start >= end) continue
    const matchStart = Math.max(range.start, position)
    if (matchStart > position) parts.push({ text: text.slice(position, matchStart), isMatch: false })
    const matchEnd = Math.min(range.end, end)
    parts.push({ text: text.slice(matchStart, matchEnd), isMatch: true })
    position = matchEnd
  }
  if (position < end) parts.push({ text: text.slice(position, end), isMatch: false })
  if (end < text.length) parts.push({ text: '…', isMatch: false })
  return parts
}

interface Range {
  readonly start: number
  readonly end: number
}

function matchRangesOf(text: string, terms: readonly QueryTerm[]): Range[] {
  const lower = text.toLowerCase()
  const ranges: Range[] = []
  for (const term of terms) {
    const needle = term.text.toLowerCase()
    if (needle === '') continue
    let from = 0
    for (let count = 0; count < 1000; count += 1) {
      const at = lower.indexOf(needle, from)
      if (at < 0) break
      // Other words match as prefixes: only where a word starts.
      const isWordStart = term.isCjk || at === 0 || !/[\p{L}\p{N}]/u.test(lower[at - 1]!)
      if (isWordStart) ranges.push({ start: at, end: at + needle.length })
      from = at + needle.length
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Range[] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last !== undefined && range.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) }
    else merged.push(range)
  }
  return merged
}
