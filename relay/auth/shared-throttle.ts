import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { OtherRelays } from '../cluster/other-relays.js'
import type { AttemptOutcome, OpenAttempt, ThrottleFilter } from './sign-in-throttle.js'

/** What a relay tells the others of its sign-ins: an attempt begun, settled, or keys an admin cleared. */
const sharedThrottleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sign-in.begun'),
    attempt: z.string(),
    username: z.string(),
    address: z.string(),
    at: z.number(),
  }),
  z.object({
    kind: z.literal('sign-in.settled'),
    attempt: z.string(),
    outcome: z.enum(['succeeded', 'failed']),
  }),
  z.object({
    kind: z.literal('sign-in.cleared'),
    username: z.string().optional(),
    address: z.string().optional(),
  }),
])
type SharedThrottle = z.infer<typeof sharedThrottleSchema>

/** Attempts told of and not settled kept at most: a relay killed mid-attempt never settles its own. */
const MAX_OPEN_ATTEMPTS = 10_000

/** What the throttle does with an attempt or a clearing, whichever relay it happened on. */
export interface ThrottleRules {
  open(username: string, address: string, at: number): OpenAttempt
  clear(filter: ThrottleFilter): number
}

/** What the throttle tells the others. */
export interface ThrottleTeller {
  begun(username: string, address: string, at: number): { settled(outcome: AttemptOutcome): void }
  cleared(filter: ThrottleFilter): void
}

/**
 * The sign-in throttle over every relay on one database: each relay tells the others every attempt as it
 * begins and as it is settled, and plays what it hears through the same rules, so failures spread over
 * relays by a load balancer count as one address's. An attempt counts from the moment it begins, so a
 * parallel burst split over relays is locked once the others have heard of it (a NOTIFY, a millisecond
 * or two). What a relay has counted is lost when it restarts, as with one relay; another relay still
 * holds it.
 */
export function shareThrottle(otherRelays: OtherRelays, rules: ThrottleRules): ThrottleTeller {
  const heard = new Map<string, OpenAttempt>()
  otherRelays.listen((raw) => {
    const parsed = sharedThrottleSchema.safeParse(raw)
    if (!parsed.success) return
    const message = parsed.data
    if (message.kind === 'sign-in.begun') {
      if (heard.size >= MAX_OPEN_ATTEMPTS) heard.delete(heard.keys().next().value!)
      heard.set(message.attempt, rules.open(message.username, message.address, message.at))
    } else if (message.kind === 'sign-in.settled') {
      heard.get(message.attempt)?.settle(message.outcome)
      heard.delete(message.attempt)
    } else {
      rules.clear({
        ...(message.username === undefined ? {} : { username: message.username }),
        ...(message.address === undefined ? {} : { address: message.address }),
      })
    }
  })
  return {
    begun(username, address, at) {
      const attempt = randomUUID()
      otherRelays.tell({ kind: 'sign-in.begun', attempt, username, address, at } satisfies SharedThrottle)
      return {
        settled: (outcome) =>
          otherRelays.tell({ kind: 'sign-in.settled', attempt, outcome } satisfies SharedThrottle),
      }
    },
    cleared(filter) {
      otherRelays.tell({ kind: 'sign-in.cleared', ...filter } satisfies SharedThrottle)
    },
  }
}
