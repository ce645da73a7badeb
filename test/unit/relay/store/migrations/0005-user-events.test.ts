import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../../../../../relay/store/migrate.js'

test('users created before every change was logged get one user.upserted each, without their secret', () => {
  const database = new BetterSqlite3(':memory:')
  try {
    migrate(
      database,
      MIGRATIONS.filter((migration) => migration.version < 5),
    )
    const insert = database.prepare(
      `INSERT INTO users (username, display_name, role, password_hash, is_disabled, kf_account, team_id, created_at)
       VALUES (?, ?, ?, 'scrypt$32768$8$1$salt$key', ?, ?, NULL, ?)`,
    )
    insert.run('admin', 'Administrator', 'admin', 0, null, 1_000)
    insert.run('ann', 'Ann', 'agent', 1, 'kf2001@account', 2_000)
    insert.run('bo', 'Bo', 'agent', 0, null, 3_000)
    // Bo was edited after the log learnt of users: his event is there already.
    const boEvent = {
      type: 'user.upserted',
      at: 4_000,
      user: {
        username: 'bo',
        displayName: 'Bo',
        role: 'agent',
        isDisabled: false,
        kfAccount: null,
        teamId: null,
      },
    }
    database
      .prepare("INSERT INTO events (at, type, payload_json) VALUES (4000, 'user.upserted', ?)")
      .run(JSON.stringify(boEvent))

    migrate(database)
    const rows = database
      .prepare<[], { seq: number; payload_json: string }>('SELECT seq, payload_json FROM events ORDER BY seq')
      .all()
    expect(rows.map((row) => JSON.parse(row.payload_json))).toEqual([
      boEvent,
      {
        type: 'user.upserted',
        at: 1_000,
        user: {
          username: 'admin',
          displayName: 'Administrator',
          role: 'admin',
          isDisabled: false,
          kfAccount: null,
          teamId: null,
        },
      },
      {
        type: 'user.upserted',
        at: 2_000,
        user: {
          username: 'ann',
          displayName: 'Ann',
          role: 'agent',
          isDisabled: true,
          kfAccount: 'kf2001@account',
          teamId: null,
        },
      },
    ])
    for (const row of rows) expect(row.payload_json).not.toContain('scrypt')
  } finally {
    database.close()
  }
})
