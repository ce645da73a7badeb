import {
  ACCOUNT_COLUMNS,
  accountOf,
  accountRowOf,
  type AccountRepository,
  type AccountRow,
} from '../../account-repository.js'
import type { Awaiting } from '../../awaiting.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

const COLUMNS = ACCOUNT_COLUMNS.join(', ')

export function createPostgresAccountRepository(db: Queryable): Awaiting<AccountRepository> {
  const valuesOf = (row: AccountRow) => ACCOUNT_COLUMNS.map((column) => row[column])
  return {
    list: async () =>
      (await rowsOf<AccountRow>(db, `SELECT ${COLUMNS} FROM accounts ORDER BY key`)).map(accountOf),
    async get(key) {
      const row = await rowOf<AccountRow>(db, `SELECT ${COLUMNS} FROM accounts WHERE key = $1`, [key])
      return row === undefined ? null : accountOf(row)
    },
    async insert(account) {
      await db.query(
        `INSERT INTO accounts (${COLUMNS}) VALUES (${ACCOUNT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`,
        valuesOf(accountRowOf(account)),
      )
    },
    async update(account) {
      await db.query(
        `UPDATE accounts SET ${ACCOUNT_COLUMNS.slice(1)
          .map((column, index) => `${column} = $${index + 2}`)
          .join(', ')} WHERE key = $1`,
        valuesOf(accountRowOf(account)),
      )
    },
  }
}
