/** The `/query` being typed before the cursor, if the agent is asking for a canned reply. */
export interface SlashQuery {
  readonly query: string
  /** Index of the `/`. */
  readonly start: number
}

/** Finds a `/query` that starts a line or follows a space and ends at the cursor. */
export function slashQueryAt(text: string, cursor: number): SlashQuery | null {
  const before = text.slice(0, cursor)
  const match = /(^|\s)\/([^\s/]{0,32})$/.exec(before)
  if (match === null) return null
  return { query: match[2] ?? '', start: before.length - (match[2] ?? '').length - 1 }
}

/** Replaces the `/query` with the reply; returns the new text and where the cursor goes. */
export function insertCanned(
  text: string,
  slash: SlashQuery,
  cursor: number,
  reply: string,
): { readonly text: string; readonly cursor: number } {
  const next = text.slice(0, slash.start) + reply + text.slice(cursor)
  return { text: next, cursor: slash.start + reply.length }
}
