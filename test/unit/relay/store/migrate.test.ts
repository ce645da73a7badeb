import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { SchemaTooNewError } from '../../../../common/schema/migration-runner.js'
import { migrate, MIGRATIONS } from '../../../../relay/store/migrate.js'
import { createLogger } from '../../../../relay/logger.js'
import { openDatabase } from '../../../../relay/store/open-database.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

test('a fresh database is migrated to the latest version in WAL mode, and migrating again is a no-op', () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const database = openDatabase(join(dataDir, 'relay.db'))
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    const latest = MIGRATIONS.at(-1)!.version
    expect(migrate(database)).toEqual({ from: latest, to: latest, applied: [] })
    database.close()
  } finally {
    remove()
  }
})

test('the relay logs each migration it applies at open, and none when the schema is current', async () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const lines: string[] = []
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } })
    const migrated = (): { version: number; name: string }[] =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; version: number; name: string })
        .filter((record) => record.msg === 'database schema migrated')
        .map(({ version, name }) => ({ version, name }))
    await openRelayStore(dataDir, { health: { logger } }).close()
    expect(migrated()).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })))
    lines.length = 0
    await openRelayStore(dataDir, { health: { logger } }).close()
    expect(migrated()).toEqual([])
  } finally {
    remove()
  }
})

test('a database newer than the code is refused, untouched', () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const file = join(dataDir, 'relay.db')
    const future = new BetterSqlite3(file)
    future.pragma('user_version = 99999')
    future.close()
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError)
    expect(() => openDatabase(file)).toThrow(/newer than this relay knows/)
    const check = new BetterSqlite3(file)
    expect(check.pragma('user_version', { simple: true })).toBe(99999)
    check.close()
  } finally {
    remove()
  }
})

test('the list queries use their indexes', () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const database = openDatabase(join(dataDir, 'relay.db'))
    const planOf = (sql: string): string =>
      (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('; ')
    expect(
      planOf(
        "SELECT * FROM messages WHERE conversation_id = 'o' AND position < 9 ORDER BY position DESC LIMIT 5",
      ),
    ).toContain('messages_by_conversation')
    expect(planOf('SELECT * FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 5')).toContain(
      'conversations_by_recency',
    )
    expect(
      planOf("SELECT * FROM messages WHERE wechat_job_id = 'j' ORDER BY position DESC LIMIT 1"),
    ).toContain('messages_by_job')
    expect(planOf('SELECT seq, payload_json FROM events WHERE seq > 5 ORDER BY seq LIMIT 10')).toContain(
      'PRIMARY KEY',
    )
    database.close()
  } finally {
    remove()
  }
})
