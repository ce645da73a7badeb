import type { InboxItem } from '../../../common/ipc/channels.js'
import { useAppStore } from '../store/store-context.js'
import { useNowBucket } from '../ticker/use-ticker.js'
import { countViews, inboxRowIds, itemsOfAccount, type ViewCounts } from './inbox-views.js'

/** Urgency order is re-derived at most every 15 s; countdowns themselves tick every second. */
const ORDER_BUCKET_MS = 15_000

let memo: { key: readonly unknown[]; ids: readonly string[]; counts: ViewCounts } | null = null

function derive(
  inboxById: Readonly<Record<string, InboxItem>>,
  view: Parameters<typeof inboxRowIds>[1],
  filter: Parameters<typeof inboxRowIds>[2],
  account: string | null,
  me: string | null,
  now: number,
): { ids: readonly string[]; counts: ViewCounts } {
  const key = [inboxById, view, filter, account, me, now]
  if (memo !== null && memo.key.every((part, index) => part === key[index])) return memo
  // Views count per account: the account filter comes first.
  const items = itemsOfAccount(Object.values(inboxById), account)
  memo = { key, ids: inboxRowIds(items, view, filter, me, now), counts: countViews(items, filter, me, now) }
  return memo
}

/** The inbox in view, most urgent first, and the counts of every view: shared by the list and shortcuts. */
export function useInboxRows(): { readonly ids: readonly string[]; readonly counts: ViewCounts } {
  const inboxById = useAppStore((state) => state.inboxById)
  const view = useAppStore((state) => state.view)
  const filter = useAppStore((state) => state.statusFilter)
  const account = useAppStore((state) => state.accountFilter)
  const me = useAppStore((state) => state.session.user?.username ?? null)
  const now = useNowBucket(ORDER_BUCKET_MS)
  return derive(inboxById, view, filter, account, me, now)
}
