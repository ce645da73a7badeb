import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { withQuotas, type ReplyWindowConfig } from '../../common/domain/reply-window.js'
import {
  accountKeySchema,
  accountNameSchema,
  accountTokenSchema,
  appIdSchema,
  appSecretSchema,
  encodingAesKeySchema,
} from '../../common/relay/account-schemas.js'

/** One official account the relay serves: its webhook's secrets and its API credentials. */
export interface AccountConfig {
  /** The relay's name for it: its webhook is `/wechat/<key>` (`/wechat` for `default`). */
  readonly key: string
  /** What the console shows. */
  readonly name: string
  readonly token: string
  readonly appId: string
  readonly appSecret: string | null
  /** Current key first, then the previous one during a rotation (reference §1.7). */
  readonly encodingAesKeys: readonly string[]
  readonly apiBase: string
  /** WECHAT_ACCEPT_PLAINTEXT: take unencrypted pushes although a key is configured (switching modes). */
  readonly isPlaintextAccepted: boolean
  /** The window and quotas its followers' replies are held to (the relay's, or the account's own quotas). */
  readonly replyWindow: ReplyWindowConfig
}

/** One entry of `RELAY_ACCOUNTS_FILE`, named as the MP console names the fields. */
const accountEntrySchema = z.strictObject({
  key: accountKeySchema,
  name: accountNameSchema,
  appId: appIdSchema,
  appSecret: appSecretSchema.optional(),
  token: accountTokenSchema,
  encodingAESKey: encodingAesKeySchema.optional(),
  encodingAESKeyPrevious: encodingAesKeySchema.optional(),
  /** WeChat's API for this account when not WECHAT_API_BASE's (a regional proxy, a test platform). */
  apiBase: z.url().optional(),
  /** Replies per window after a follower's message and after an event, when not RELAY_WINDOW_*_QUOTA's. */
  messageQuota: z.number().int().nonnegative().optional(),
  eventQuota: z.number().int().nonnegative().optional(),
})

/** The accounts file is unreadable or wrong; the message says where, for an operator to fix. */
export class AccountsFileError extends Error {}

/** What every account shares: WeChat's API base and the plaintext switch come from the environment. */
export interface AccountDefaults {
  readonly apiBase: string
  readonly isPlaintextAccepted: boolean
  readonly replyWindow: ReplyWindowConfig
}

/** Reads and checks `RELAY_ACCOUNTS_FILE`: a JSON array of accounts, keys and AppIDs each once. */
export function readAccountsFile(path: string, defaults: AccountDefaults): AccountConfig[] {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not JSON' : `cannot be read (${codeOf(error)})`
    throw new AccountsFileError(`${path} ${reason}`)
  }
  const parsed = z.array(accountEntrySchema).safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new AccountsFileError(`${path}: ${issue.path.join('.') || 'the file'} ${issue.message}`)
  }
  const accounts = parsed.data.map((entry): AccountConfig => {
    if (entry.encodingAESKeyPrevious !== undefined && entry.encodingAESKey === undefined) {
      throw new AccountsFileError(`${path}: account ${entry.key} has a previous key but no encodingAESKey`)
    }
    return {
      key: entry.key,
      name: entry.name,
      token: entry.token,
      appId: entry.appId,
      appSecret: entry.appSecret ?? null,
      encodingAesKeys: [entry.encodingAESKey, entry.encodingAESKeyPrevious].filter(
        (key): key is string => key !== undefined,
      ),
      ...defaults,
      apiBase: entry.apiBase?.replace(/\/+$/, '') ?? defaults.apiBase,
      replyWindow: withQuotas(defaults.replyWindow, { message: entry.messageQuota, event: entry.eventQuota }),
    }
  })
  assertDistinct(accounts, path)
  return accounts
}

/** Two accounts with one key would share a webhook path; two with one AppID, one access token. */
export function assertDistinct(accounts: readonly AccountConfig[], where: string): void {
  for (const field of ['key', 'appId'] as const) {
    const seen = new Set<string>()
    for (const account of accounts) {
      if (seen.has(account[field]))
        throw new AccountsFileError(`${where}: ${field} ${account[field]} appears twice`)
      seen.add(account[field])
    }
  }
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error)
}
