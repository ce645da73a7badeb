import type { RelayEvent } from '../../common/relay/events.js'
import type { RelayStore } from '../store/relay-store.js'

/** Runs one command: its writes and event-log appends in one transaction, then publishes what it appended. */
export type Committer = <T>(work: (events: RelayEvent[]) => T) => T

/**
 * A committer over the store. Its transaction runs with `synchronous = FULL`, so when it returns the
 * events are on disk and `publish` (without an fsync to wait for) sends them at once, after every
 * earlier commit's, which that fsync covered too.
 */
export function createCommitter(
  store: RelayStore,
  publish: (events: readonly RelayEvent[]) => void,
): Committer {
  return (work) => {
    const events: RelayEvent[] = []
    const result = store.transaction(() => work(events))
    publish(events)
    return result
  }
}
