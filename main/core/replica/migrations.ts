import { migration001 } from './migrations/001-initial.js'

/** Every migration in order; the replica's `user_version` is how many have run. */
export const MIGRATIONS: readonly string[] = [migration001]
