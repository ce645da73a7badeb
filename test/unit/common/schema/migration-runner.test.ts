import { expect, test } from '@playwright/test'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  runMigrations,
  SchemaTooNewError,
  schemaVersionOf,
  type Migration,
} from '../../../../common/schema/migration-runner.js'

const create: Migration<Database> = {
  version: 1,
  name: 'notes',
  up: (database) => database.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)'),
}
const seed: Migration<Database> = {
  version: 2,
  name: 'seed',
  up: (database) => database.exec("INSERT INTO notes (text) VALUES ('first')"),
}
const addColumn: Migration<Database> = {
  version: 5,
  name: 'pinned',
  up: (database) => database.exec('ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0'),
}

function tableNames(database: Database): string[] {
  return database
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all()
}

test('applies the migrations in order, each recording its version, and reports them', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    const heard: number[] = []
    const report = runMigrations(database, [create, seed, addColumn], {
      onApplied: (migration) => heard.push(migration.version),
    })
    expect(report).toEqual({
      from: 0,
      to: 5,
      applied: [
        { version: 1, name: 'notes' },
        { version: 2, name: 'seed' },
        { version: 5, name: 'pinned' },
      ],
    })
    expect(heard).toEqual([1, 2, 5])
    expect(schemaVersionOf(database)).toBe(5)
    expect(database.prepare('SELECT text, pinned FROM notes').all()).toEqual([{ text: 'first', pinned: 0 }])
  } finally {
    database.close()
  }
})

test('reopening a migrated file runs nothing again; a later list runs only what is new', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-migrations-'))
  try {
    const file = join(dir, 'schema.db')
    const first = new BetterSqlite3(file)
    expect(runMigrations(first, [create, seed]).to).toBe(2)
    first.close()
    const again = new BetterSqlite3(file)
    expect(runMigrations(again, [create, seed])).toEqual({ from: 2, to: 2, applied: [] })
    expect(again.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1)
    expect(runMigrations(again, [create, seed, addColumn])).toEqual({
      from: 2,
      to: 5,
      applied: [{ version: 5, name: 'pinned' }],
    })
    again.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('refuses a database newer than the list, before running anything', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    database.pragma('user_version = 7')
    let error: unknown
    try {
      runMigrations(database, [create, seed, addColumn], { program: 'relay' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(SchemaTooNewError)
    expect(error).toMatchObject({ found: 7, known: 5 })
    expect((error as Error).message).toContain('newer than this relay knows (5)')
    expect(tableNames(database)).toEqual([])
    expect(schemaVersionOf(database)).toBe(7)
  } finally {
    database.close()
  }
})

test('a migration that fails is rolled back whole and leaves the version of the one before', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    const broken: Migration<Database> = {
      version: 3,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x)')
        db.exec("INSERT INTO notes (text) VALUES ('second')")
        db.exec('INSERT INTO no_such_table VALUES (1)')
      },
    }
    const heard: number[] = []
    expect(() =>
      runMigrations(database, [create, seed, broken, addColumn], {
        onApplied: (migration) => heard.push(migration.version),
      }),
    ).toThrow(/no such table/)
    expect(heard).toEqual([1, 2])
    expect(schemaVersionOf(database)).toBe(2)
    expect(tableNames(database)).toEqual(['notes'])
    expect(database.prepare('SELECT text FROM notes').pluck().all()).toEqual(['first'])
    expect(database.inTransaction).toBe(false)
    // Fixed, it runs from where it stopped.
    const fixed = { ...broken, up: (db: Database) => db.exec('CREATE TABLE half_done (x)') }
    expect(runMigrations(database, [create, seed, fixed, addColumn]).applied.map((m) => m.version)).toEqual([
      3, 5,
    ])
  } finally {
    database.close()
  }
})

test('refuses a list whose versions do not rise', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    expect(() => runMigrations(database, [seed, create])).toThrow(/out of order/)
    expect(() => runMigrations(database, [create, { ...seed, version: 1 }])).toThrow(/out of order/)
    expect(schemaVersionOf(database)).toBe(0)
  } finally {
    database.close()
  }
})
