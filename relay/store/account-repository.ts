import type { Database } from 'better-sqlite3'

/** An official account an admin added in the console; its secrets are sealed (relay/accounts/secret-box.ts). */
export interface StoredAccount {
  readonly key: string
  readonly name: string
  readonly appId: string
  /** The account's AppSecret, Token and EncodingAESKeys as one sealed JSON text: never stored in clear. */
  readonly sealedSecrets: string
  readonly isEnabled: boolean
  readonly updatedAt: number
  /** Replies per window after a follower's message and after an event; null keeps the relay's. */
  readonly messageQuota: number | null
  readonly eventQuota: number | null
}

/** The accounts admins manage, by key. */
export interface AccountRepository {
  list(): StoredAccount[]
  get(key: string): StoredAccount | null
  insert(account: StoredAccount): void
  update(account: StoredAccount): void
}

export interface AccountRow {
  key: string
  name: string
  app_id: string
  sealed_secrets: string
  is_enabled: number
  updated_at: number
  message_quota: number | null
  event_quota: number | null
}

/** The columns of an account, in the order both engines' statements bind them. */
export const ACCOUNT_COLUMNS = [
  'key',
  'name',
  'app_id',
  'sealed_secrets',
  'is_enabled',
  'updated_at',
  'message_quota',
  'event_quota',
] as const

/** Prepares the account statements once on `database`. */
export function createAccountRepository(database: Database): AccountRepository {
  const columns = ACCOUNT_COLUMNS.join(', ')
  const list = database.prepare<[], AccountRow>(`SELECT ${columns} FROM accounts ORDER BY key`)
  const byKey = database.prepare<[string], AccountRow>(`SELECT ${columns} FROM accounts WHERE key = ?`)
  const insert = database.prepare(
    `INSERT INTO accounts (${columns}) VALUES (${ACCOUNT_COLUMNS.map((column) => `@${column}`).join(', ')})`,
  )
  const update = database.prepare(
    `UPDATE accounts SET ${ACCOUNT_COLUMNS.slice(1)
      .map((column) => `${column} = @${column}`)
      .join(', ')} WHERE key = @key`,
  )
  return {
    list: () => list.all().map(accountOf),
    get: (key) => {
      const row = byKey.get(key)
      return row === undefined ? null : accountOf(row)
    },
    insert: (account) => void insert.run(accountRowOf(account)),
    update: (account) => void update.run(accountRowOf(account)),
  }
}

export function accountOf(row: AccountRow): StoredAccount {
  return {
    key: row.key,
    name: row.name,
    appId: row.app_id,
    sealedSecrets: row.sealed_secrets,
    isEnabled: row.is_enabled === 1,
    updatedAt: row.updated_at,
    messageQuota: row.message_quota,
    eventQuota: row.event_quota,
  }
}

export function accountRowOf(account: StoredAccount): AccountRow {
  return {
    key: account.key,
    name: account.name,
    app_id: account.appId,
    sealed_secrets: account.sealedSecrets,
    is_enabled: account.isEnabled ? 1 : 0,
    updated_at: account.updatedAt,
    message_quota: account.messageQuota,
    event_quota: account.eventQuota,
  }
}
