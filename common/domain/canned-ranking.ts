import type { CannedResponse } from './user.js'

/**
 * Ranks canned responses for what the agent typed after `/`: short-code prefix, then short-code
 * substring, then body substring; ties keep the shorter short code first.
 */
export function rankCannedResponses(
  responses: readonly CannedResponse[],
  query: string,
): readonly CannedResponse[] {
  const needle = query.trim().toLowerCase()
  const scored = responses
    .map((response) => ({ response, score: scoreOf(response, needle) }))
    .filter((entry) => entry.score > 0)
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.response.shortCode.length - b.response.shortCode.length ||
      a.response.shortCode.localeCompare(b.response.shortCode),
  )
  return scored.map((entry) => entry.response)
}

function scoreOf(response: CannedResponse, needle: string): number {
  if (needle === '') return 1
  const shortCode = response.shortCode.toLowerCase()
  if (shortCode.startsWith(needle)) return 3
  if (shortCode.includes(needle)) return 2
  if (response.body.toLowerCase().includes(needle)) return 1
  return 0
}

/** The values `{{follower.name}}`-style variables are filled from. */
export type TemplateVariables = Readonly<Record<string, string | undefined>>

/** Fills `{{name}}` variables; returns the text and the names that had no value. */
export function fillVariables(
  text: string,
  variables: TemplateVariables,
): { readonly text: string; readonly unresolved: readonly string[] } {
  const unresolved: string[] = []
  const filled = text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = variables[name]
    if (value === undefined || value === '') {
      unresolved.push(name)
      return whole
    }
    return value
  })
  return { text: filled, unresolved }
}
