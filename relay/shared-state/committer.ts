import type { RelayEvent } from '../../common/relay/events.js'
import type { RelayStore } from '../store/relay-store.js'

/** Runs one command: its writes and event-log appends in one transaction, then publishes what it appended. */
export type Committer = <T>(work: (events: RelayEvent[]) => T) => T

/** A committer over the store; `publish` runs in the tick of the commit, as the hub requires. */
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
