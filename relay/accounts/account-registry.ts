import { DEFAULT_ACCOUNT_KEY, type AccountSummary } from '../../common/domain/account.js'
import { withQuotas, type ReplyWindowConfig } from '../../common/domain/reply-window.js'
import type { AccountListing } from '../../common/relay/account-listing.js'
import type { StoredAccount } from '../store/account-repository.js'
import type { StoreAccess } from '../store/relay-store.js'
import type { AccountConfig, AccountDefaults } from './account-config.js'
import type { SecretBox } from './secret-box.js'

export type { AccountListing }

/** What the sealed text of a console account holds. */
export interface AccountSecrets {
  readonly appSecret: string
  readonly token: string
  /** Current first, then the previous one during a rotation. */
  readonly encodingAesKeys: readonly string[]
}

/** The database keeps account secrets the relay cannot open: it must not start half-blind. */
export class AccountSecretsError extends Error {
  readonly variable = 'RELAY_SECRET_KEY'
}

/**
 * Every official account this relay serves, one place for the webhook, the senders, the hub and the
 * admins: those of its configuration (the accounts file, `WECHAT_*`), read-only, and those admins keep
 * in the store, whose secrets it opens with RELAY_SECRET_KEY. `reload` reads the store's again: after a
 * change here, and on `account.upserted` from any relay sharing the database.
 */
export interface AccountRegistry {
  /** The served account of this key: configured, or stored and enabled. */
  get(key: string): AccountConfig | undefined
  /** Every served account, the configuration's first. */
  served(): readonly AccountConfig[]
  /** Keys and names of the served accounts, for desktops. */
  summaries(): readonly AccountSummary[]
  /** Every account with where it comes from, for admins. */
  listings(): readonly AccountListing[]
  /** The window of `key`'s conversations: its own quotas, else the relay's (a disabled account's too). */
  replyWindowOf(key: string): ReplyWindowConfig
  /** Whether the configuration declares `key` (admins cannot take or edit it). */
  isConfigured(key: string): boolean
  /** The stored account of `key`, enabled or not, with its secrets opened. */
  stored(key: string): { readonly account: StoredAccount; readonly secrets: AccountSecrets } | undefined
  reload(): Promise<void>
}

export interface AccountRegistryOptions {
  readonly configured: readonly AccountConfig[]
  readonly store: Pick<StoreAccess, 'accounts'>
  /** Null without RELAY_SECRET_KEY: then the store must hold no account. */
  readonly secretBox: SecretBox | null
  readonly defaults: AccountDefaults
}

/** Opens the registry, reading the stored accounts once; throws AccountSecretsError if it cannot open them. */
export async function openAccountRegistry(options: AccountRegistryOptions): Promise<AccountRegistry> {
  const configured = new Map(options.configured.map((account) => [account.key, account]))
  let stored = new Map<string, { account: StoredAccount; secrets: AccountSecrets; config: AccountConfig }>()

  async function reload(): Promise<void> {
    const rows = await options.store.accounts.list()
    if (rows.length > 0 && options.secretBox === null) {
      throw new AccountSecretsError(
        `the database keeps ${rows.length} official account(s) added in the console, whose secrets only RELAY_SECRET_KEY opens: set it`,
      )
    }
    const next = new Map<string, { account: StoredAccount; secrets: AccountSecrets; config: AccountConfig }>()
    for (const account of rows) {
      let secrets: AccountSecrets
      try {
        secrets = JSON.parse(options.secretBox!.open(account.sealedSecrets)) as AccountSecrets
      } catch (error) {
        throw new AccountSecretsError(
          `RELAY_SECRET_KEY does not open the secrets of account ${account.key}: ${(error as Error).message}`,
        )
      }
      next.set(account.key, {
        account,
        secrets,
        config: {
          key: account.key,
          name: account.name,
          appId: account.appId,
          appSecret: secrets.appSecret,
          token: secrets.token,
          encodingAesKeys: secrets.encodingAesKeys,
          ...options.defaults,
          replyWindow: withQuotas(options.defaults.replyWindow, {
            message: account.messageQuota ?? undefined,
            event: account.eventQuota ?? undefined,
          }),
        },
      })
    }
    stored = next
  }

  const served = (): AccountConfig[] => [
    ...configured.values(),
    ...[...stored.values()].filter((entry) => entry.account.isEnabled).map((entry) => entry.config),
  ]
  const listingOf = (
    account: AccountConfig,
    source: AccountListing['source'],
    isEnabled: boolean,
  ): AccountListing => ({
    key: account.key,
    name: account.name,
    appId: account.appId,
    source,
    isEnabled,
    webhookPath: account.key === DEFAULT_ACCOUNT_KEY ? '/wechat' : `/wechat/${account.key}`,
    hasAppSecret: account.appSecret !== null,
    hasEncodingAesKey: account.encodingAesKeys.length > 0,
    hasPreviousEncodingAesKey: account.encodingAesKeys.length > 1,
    messageQuota: account.replyWindow.message.quota,
    eventQuota: account.replyWindow.event.quota,
  })

  await reload()
  return {
    get: (key) => {
      const entry = stored.get(key)
      return configured.get(key) ?? (entry?.account.isEnabled === true ? entry.config : undefined)
    },
    served,
    summaries: () => served().map(({ key, name, replyWindow }) => ({ key, name, replyWindow })),
    listings: () => [
      ...[...configured.values()].map((account) => listingOf(account, 'configuration', true)),
      ...[...stored.values()].map((entry) => listingOf(entry.config, 'console', entry.account.isEnabled)),
    ],
    isConfigured: (key) => configured.has(key),
    replyWindowOf: (key) =>
      configured.get(key)?.replyWindow ?? stored.get(key)?.config.replyWindow ?? options.defaults.replyWindow,
    stored: (key) => {
      const entry = stored.get(key)
      return entry === undefined ? undefined : { account: entry.account, secrets: entry.secrets }
    },
    reload,
  }
}
