import { z } from 'zod'

/**
 * The sign-in throttles over REST (admins): `GET /api/sign-in-throttles` lists them and
 * `DELETE /api/sign-in-throttles` clears some. The relay parses the filter and the desktop parses the
 * answers with these.
 */

/**
 * Which throttles to clear. Both absent clears every throttle; an address alone clears it and each
 * username's count from it; a username alone clears that username's counts from every address.
 */
export const signInThrottleFilterSchema = z
  .object({
    username: z.string().trim().min(1).max(64).optional(),
    address: z.string().trim().min(1).max(64).optional(),
  })
  .strict()

/** One throttled key: a username from an address, or a whole address (`username` null). */
export const signInThrottleEntrySchema = z.object({
  username: z.string().nullable(),
  address: z.string().min(1),
  /** Failures within the window (a lock starts the count again). */
  failures: z.number().int().nonnegative(),
  /** Epoch ms until which sign-ins are refused, or null when not locked. */
  lockedUntil: z.number().int().nonnegative().nullable(),
})

/** `GET /api/sign-in-throttles` answer: locked first. */
export const signInThrottleListSchema = z.object({ throttles: z.array(signInThrottleEntrySchema) })

/** `DELETE /api/sign-in-throttles` answer: how many keys went. */
export const signInThrottlesClearedSchema = z.object({ cleared: z.number().int().nonnegative() })

export type SignInThrottleFilter = z.infer<typeof signInThrottleFilterSchema>
export type SignInThrottleEntry = z.infer<typeof signInThrottleEntrySchema>
export type SignInThrottleList = z.infer<typeof signInThrottleListSchema>
export type SignInThrottlesCleared = z.infer<typeof signInThrottlesClearedSchema>
