import type { Database } from 'better-sqlite3'
import {
  runMigrations,
  type Migration as SchemaMigration,
  type MigrationOptions,
  type MigrationReport,
} from '../../common/schema/migration-runner.js'
import { migration0001 } from './migrations/0001-initial.js'
import { migration0002 } from './migrations/0002-access-tokens.js'
import { migration0003 } from './migrations/0003-auto-replies.js'
import { migration0004 } from './migrations/0004-shared-state.js'
import { migration0005 } from './migrations/0005-user-events.js'
import { migration0006 } from './migrations/0006-canned-images.js'
import { migration0007 } from './migrations/0007-log-identity.js'
import { migration0008 } from './migrations/0008-audit-and-erasure.js'
import { migration0009 } from './migrations/0009-follow-seen.js'
import { migration0010 } from './migrations/0010-sending-relay.js'
import { migration0011 } from './migrations/0011-team-accounts.js'
import { migration0012 } from './migrations/0012-accounts.js'
import { migration0013 } from './migrations/0013-account-limits.js'
import { migration0014 } from './migrations/0014-union-ids.js'
import { migration0015 } from './migrations/0015-account-quotas.js'
import { migration0016 } from './migrations/0016-canned-media-per-account.js'
import { migration0017 } from './migrations/0017-media.js'
import { migration0018 } from './migrations/0018-window-rescue.js'
import { migration0019 } from './migrations/0019-snooze.js'
import { migration0020 } from './migrations/0020-reports.js'
import { migration0021 } from './migrations/0021-account-auto-replies.js'
import { migration0022 } from './migrations/0022-qr-codes.js'

/** One numbered step of the relay's schema (common/schema/migration-runner.ts runs them). */
export type Migration = SchemaMigration<Database>

/** Every migration, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
]

/**
 * Brings the relay's schema up to date, each migration in its own transaction; refuses a database newer
 * than the code (SchemaTooNewError) before running anything.
 */
export function migrate(
  database: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  options: Pick<MigrationOptions, 'onApplied'> = {},
): MigrationReport {
  return runMigrations(database, migrations, { ...options, program: 'relay' })
}
