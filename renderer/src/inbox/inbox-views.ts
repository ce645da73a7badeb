import { replyWindowAt, timeLeftMs, type ReplyWindow } from '../../../common/domain/reply-window.js'
import { isSnoozed } from '../../../common/domain/snooze.js'
import type { InboxItem } from '../../../common/ipc/channels.js'
import type { StatusFilter } from '../store/slices/ui-slice.js'

/** An inbox view: a fixed one, or one tag (`tag:<id>`). */
export type InboxView = 'mine' | 'unassigned' | 'all' | 'expiring' | 'snoozed' | `tag:${string}`

/** "Expiring soon": an open window with less than this left (the amber and red stages). */
export const EXPIRING_SOON_MS = 6 * 3_600_000

/** Whether the window lets a reply out and closes within the "expiring soon" horizon. */
export function isExpiringSoon(window: ReplyWindow, now: number): boolean {
  return window.state === 'open' && timeLeftMs(window, now) < EXPIRING_SOON_MS
}

/** Whether an item belongs in a view (status filter aside). */
export function isInView(item: InboxItem, view: InboxView, me: string | null, now: number): boolean {
  const conversation = item.conversation
  // Snoozed conversations are out of every view but their own until they wake.
  if (view === 'snoozed') return isSnoozed(conversation, now)
  if (isSnoozed(conversation, now)) return false
  switch (view) {
    case 'all':
      return true
    case 'mine':
      return me !== null && conversation.assignee === me
    case 'unassigned':
      return conversation.assignee === null
    case 'expiring':
      return isExpiringSoon(replyWindowAt(conversation.windowHistory, now), now)
    default:
      return conversation.tagIds.includes(view.slice('tag:'.length))
  }
}

/** Whether an item passes the status filter. */
export function matchesStatus(item: InboxItem, filter: StatusFilter): boolean {
  const status = item.conversation.status
  if (filter === 'any') return true
  if (filter === 'active') return status !== 'resolved'
  return status === filter
}

/** Urgency key: open windows by time left (least first), then closed ones; ties by waiting time. */
function urgencyOf(
  item: InboxItem,
  now: number,
): { readonly timeLeft: number; readonly waitingSince: number } {
  const window = replyWindowAt(item.conversation.windowHistory, now)
  const timeLeft = window.state === 'open' ? timeLeftMs(window, now) : Number.POSITIVE_INFINITY
  return { timeLeft, waitingSince: item.conversation.lastIncomingAt ?? Number.POSITIVE_INFINITY }
}

/** The items of one account (all of them for null): the account filter, applied before views and counts. */
export function itemsOfAccount(items: readonly InboxItem[], accountKey: string | null): readonly InboxItem[] {
  return accountKey === null ? items : items.filter((item) => item.conversation.accountKey === accountKey)
}

/** The ids of a view's items, most urgent first. */
export function inboxRowIds(
  items: readonly InboxItem[],
  view: InboxView,
  filter: StatusFilter,
  me: string | null,
  now: number,
): readonly string[] {
  const keyed = items
    .filter((item) => matchesStatus(item, filter) && isInView(item, view, me, now))
    .map((item) => ({ id: item.conversation.id, ...urgencyOf(item, now) }))
  keyed.sort(
    (a, b) =>
      (a.timeLeft === b.timeLeft ? 0 : a.timeLeft < b.timeLeft ? -1 : 1) ||
      a.waitingSince - b.waitingSince ||
      (a.id < b.id ? -1 : 1),
  )
  return keyed.map((entry) => entry.id)
}

/** Counts per view, under the status filter, computed in one pass. */
export interface ViewCounts {
  readonly mine: number
  readonly unassigned: number
  readonly all: number
  readonly expiring: number
  readonly snoozed: number
  readonly byTag: Readonly<Record<string, number>>
}

/** Counts every view's items in one pass over the inbox. */
export function countViews(
  items: readonly InboxItem[],
  filter: StatusFilter,
  me: string | null,
  now: number,
): ViewCounts {
  let mine = 0
  let unassigned = 0
  let all = 0
  let expiring = 0
  let snoozed = 0
  const byTag: Record<string, number> = {}
  for (const item of items) {
    if (!matchesStatus(item, filter)) continue
    const conversation = item.conversation
    if (isSnoozed(conversation, now)) {
      snoozed += 1
      continue
    }
    all += 1
    if (me !== null && conversation.assignee === me) mine += 1
    if (conversation.assignee === null) unassigned += 1
    if (isExpiringSoon(replyWindowAt(conversation.windowHistory, now), now)) expiring += 1
    for (const tagId of conversation.tagIds) byTag[tagId] = (byTag[tagId] ?? 0) + 1
  }
  return { mine, unassigned, all, expiring, snoozed, byTag }
}
