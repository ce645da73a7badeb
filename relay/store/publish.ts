import type { RelayEvent } from '../../common/relay/events.js'

/**
 * Hands a commit's events on. `synced` is the commit's fsync when it runs off the event loop (group
 * commit); absent, the commit ran with `synchronous = FULL` and returned from its fsync already. The
 * store's writers call it; the hub's durable publisher implements it, so the domain never imports the hub.
 */
export type Publish = (events: readonly RelayEvent[], synced?: Promise<void>) => void
