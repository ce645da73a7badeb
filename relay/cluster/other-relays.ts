/**
 * The other relays on this database, reached through socket.io's cluster adapter (cluster-adapter.ts):
 * how relays share what each keeps in memory (presence, the sign-in throttle). Each listener parses
 * what it is told and ignores what is not its own, since another relay may run another version.
 */
export interface OtherRelays {
  tell(message: unknown): void
  listen(listener: (message: unknown) => void): void
  /** Runs once they can be reached (the hub is attached): the moment to ask them what they hold. */
  onReachable(listener: () => void): void
}
