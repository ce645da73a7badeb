import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { openReplica, ReplicaOpenError } from '../../../../../main/core/replica/open-replica.js'
import { MIGRATIONS } from '../../../../../main/core/replica/migrations.js'

test.describe('opening a replica', () => {
  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-replica-'))
  })
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('creates a WAL database at the current schema', () => {
    const database = openReplica(join(dir, 'a', 'replica.sqlite'))
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    database.close()
    // Opening again runs nothing twice.
    openReplica(join(dir, 'a', 'replica.sqlite')).close()
  })

  test('says which migrations an open applied: all on a new file, none on one already at the schema', () => {
    const path = join(dir, 'replica.sqlite')
    const applied: number[] = []
    openReplica(path, { onMigrated: (migration) => applied.push(migration.version) }).close()
    expect(applied).toEqual(MIGRATIONS.map((migration) => migration.version))
    applied.length = 0
    openReplica(path, { onMigrated: (migration) => applied.push(migration.version) }).close()
    expect(applied).toEqual([])
  })

  test('a replica written before the shared runner is recognised at its version, its rows kept', () => {
    // What the earlier opener left: the schema in one transaction, then user_version = how many ran.
    const path = join(dir, 'replica.sqlite')
    const earlier = new Database(path)
    earlier.pragma('journal_mode = WAL')
    earlier.transaction(() => {
      for (const migration of MIGRATIONS) migration.up(earlier)
      earlier.pragma(`user_version = ${MIGRATIONS.length}`)
    })()
    earlier.prepare("INSERT INTO drafts (conversation_id, text, updated_at) VALUES ('o1', 'hello', 1)").run()
    earlier.close()
    const applied: number[] = []
    const reopened = openReplica(path, { onMigrated: (migration) => applied.push(migration.version) })
    expect(applied).toEqual([])
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(reopened.prepare('SELECT text FROM drafts').pluck().all()).toEqual(['hello'])
    reopened.close()
  })

  test('a new replica gets 16 KB pages; an existing one keeps its own', () => {
    const fresh = openReplica(join(dir, 'fresh.sqlite'))
    expect(fresh.pragma('page_size', { simple: true })).toBe(16_384)
    fresh.close()
    // A file that already has SQLite's default 4 KB pages keeps them: the page size only shapes a new file.
    const olderPath = join(dir, 'older.sqlite')
    const older = new Database(olderPath)
    older.pragma('page_size = 4096')
    older.pragma('journal_mode = WAL')
    older.close()
    const migrated = openReplica(olderPath)
    migrated.close()
    const reopened = openReplica(olderPath)
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096)
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    reopened.close()
  })

  test('refuses a corrupt file and leaves it byte for byte', () => {
    const path = join(dir, 'replica.sqlite')
    const garbage = Buffer.concat([Buffer.from('not a database at all'), Buffer.alloc(8192, 7)])
    writeFileSync(path, garbage)
    const error = captured(() => openReplica(path))
    expect(error).toBeInstanceOf(ReplicaOpenError)
    expect(error).toMatchObject({ problem: 'corrupt', path })
    expect((error as Error).message).toContain('left untouched')
    expect(readFileSync(path).equals(garbage)).toBe(true)
  })

  test('refuses a file from a newer app and leaves it unchanged', () => {
    const path = join(dir, 'replica.sqlite')
    const newer = new Database(path)
    newer.exec('CREATE TABLE future (x)')
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    newer.close()
    const before = readFileSync(path)
    const error = captured(() => openReplica(path))
    expect(error).toMatchObject({ problem: 'newer', path })
    expect(readFileSync(path).equals(before)).toBe(true)
  })
})

function captured(work: () => unknown): unknown {
  try {
    work()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}
