/** A piece of follower text: plain, or a link that is safe to open. */
export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string }

const URL_PATTERN = /https?:\/\/[^\s<>"'\u3000-\u303f\uff00-\uffef]+/gi
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/

/** The URL if it is http or https, else null: nothing else (javascript:, data:, file:) becomes a link. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** Splits text into plain pieces and http(s) links; the caller renders both as text nodes. */
export function linkify(text: string): readonly TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index
    const raw = match[0].replace(TRAILING_PUNCTUATION, '')
    const href = safeHref(raw)
    if (href === null || raw === '') continue
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    segments.push({ kind: 'link', text: raw, href })
    last = start + raw.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}
