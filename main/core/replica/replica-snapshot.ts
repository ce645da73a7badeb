import type Database from 'better-sqlite3'
import type { SnapshotPage } from '../../../common/relay/events.js'
import type { ReplicaRebuild } from './replica-rebuild.js'
import type { ReplicaStore } from './replica-store.js'

/**
 * Taking the relay's snapshot into the replica, in place of replaying its log. The shared state is
 * overwritten page by page (never dropped first, so the replica stays usable throughout); the cursor
 * moves to the snapshot's `seq` only at its end, so a snapshot cut short is simply taken again from
 * the start. This agent's own state stays: outbox and its pending messages, drafts, and read state,
 * saved at the start and put back at the end (for conversations it had not seen, unread is what
 * awaits a reply at the relay: a fresh desktop does not show the whole history as unread).
 */
export function createReplicaSnapshot(
  database: Database.Database,
  store: ReplicaStore,
  rebuild: ReplicaRebuild,
) {
  const end = database.transaction((seq: number, me: string): void => {
    rebuild.finish(me)
    store.setMeta('cursor', String(seq))
  })

  return {
    /** A snapshot as of `seq` begins: read state is saved (once, if a cut-short one did not already). */
    begin(): void {
      rebuild.save()
    },
    /** Stores one page in one transaction; answers how many entities it held. */
    applyPage(page: SnapshotPage): number {
      return store.applySnapshotPage(page)
    },
    /** Every page is in: read state goes back and the cursor becomes `seq`, in one transaction. */
    end(seq: number, me: string): void {
      end(seq, me)
    },
  }
}

/** Taking the relay's snapshot into the replica. */
export type ReplicaSnapshot = ReturnType<typeof createReplicaSnapshot>
