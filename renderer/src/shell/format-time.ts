/** A message time for lists: clock time today, else the date. */
export function formatListTime(epochMs: number, now: number, language: string): string {
  const date = new Date(epochMs)
  const today = new Date(now)
  const isToday = date.toDateString() === today.toDateString()
  return isToday
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(language, { month: 'short', day: 'numeric' })
}

/** A full timestamp, for tooltips and the follower panel. */
export function formatFullTime(epochMs: number, language: string): string {
  return new Date(epochMs).toLocaleString(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A colour's initials avatar tint, stable per follower id. */
export function avatarHue(id: string): number {
  let hash = 0
  for (let index = 0; index < id.length; index += 1) hash = (hash * 31 + id.charCodeAt(index)) >>> 0
  return hash % 360
}
