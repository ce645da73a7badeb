import type Database from 'better-sqlite3'
import type { Migration } from '../../../common/schema/migration-runner.js'
import { migration001 } from './migrations/001-initial.js'

/** One numbered step of the replica's schema (common/schema/migration-runner.ts runs them). */
export type ReplicaMigration = Migration<Database.Database>

/**
 * Every migration, in order; the replica's `user_version` is the last one applied. Append; never edit one
 * that has shipped.
 */
export const MIGRATIONS: readonly ReplicaMigration[] = [migration001]
