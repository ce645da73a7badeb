import type { User } from '../../common/domain/user.js'
import type {
  createAccountRequestSchema,
  updateAccountRequestSchema,
} from '../../common/relay/account-schemas.js'
import type { Wire } from '../../common/relay/wire-type.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { StoredAccount } from '../store/account-repository.js'
import type { RelayStore } from '../store/relay-store.js'
import type { AccountListing, AccountRegistry, AccountSecrets } from './account-registry.js'
import type { SecretBox } from './secret-box.js'

export type CreateAccountRequest = Wire<typeof createAccountRequestSchema>
export type UpdateAccountRequest = Wire<typeof updateAccountRequestSchema>

/** The official accounts admins manage in the console; secrets go in, never out. */
export interface AccountService {
  list(user: User): AccountListing[]
  /** Whether the relay knows the account (served or not): what anyone running it may ask. */
  isKnown(accountKey: string): boolean
  create(user: User, request: CreateAccountRequest): Promise<AccountListing>
  update(user: User, key: string, request: UpdateAccountRequest): Promise<AccountListing>
}

export interface AccountServiceDependencies {
  readonly store: RelayStore
  readonly registry: AccountRegistry
  readonly secretBox: SecretBox | null
  readonly now: () => number
}

/**
 * Adds and edits accounts: each change is sealed, audited (secrets only as "changed") and logged as
 * `account.upserted`, which makes every relay on the database read its accounts again and every desktop
 * rename or drop it. Answered once this relay serves the change.
 */
export function createAccountService(dependencies: AccountServiceDependencies): AccountService {
  const { store, registry, now } = dependencies

  function checkAdmin(user: User): void {
    if (!can(user, 'account:manage'))
      throw new RelayError('forbidden', 'Only admins manage official accounts.')
  }

  function box(): SecretBox {
    if (dependencies.secretBox === null) {
      throw new RelayError(
        'not_configured',
        'Set RELAY_SECRET_KEY on the relay to keep official accounts: their secrets are encrypted with it.',
      )
    }
    return dependencies.secretBox
  }

  function checkAppIdFree(appId: string, key: string): void {
    const holder = registry.listings().find((account) => account.appId === appId && account.key !== key)
    if (holder !== undefined)
      throw new RelayError('conflict', `AppID ${appId} is already the account ${holder.key}.`)
  }

  async function save(
    user: User,
    account: StoredAccount,
    isNew: boolean,
    details: Readonly<Record<string, unknown>>,
  ): Promise<AccountListing> {
    await store.commit(async (tx, events) => {
      if (isNew) await tx.accounts.insert(account)
      else await tx.accounts.update(account)
      await recordAudit(tx, now(), {
        actor: user.username,
        action: isNew ? 'account.created' : 'account.updated',
        target: account.key,
        details,
      })
      events.push(
        await tx.events.append({
          type: 'account.upserted',
          at: now(),
          account: { key: account.key, name: account.name, isEnabled: account.isEnabled },
        }),
      )
    })
    // Served from this answer on, here; the other relays follow the event.
    await registry.reload()
    return registry.listings().find((listing) => listing.key === account.key)!
  }

  return {
    list(user) {
      checkAdmin(user)
      return [...registry.listings()]
    },
    isKnown: (accountKey) => registry.listings().some((listing) => listing.key === accountKey),
    async create(user, request) {
      checkAdmin(user)
      const sealer = box()
      if (registry.isConfigured(request.key) || registry.stored(request.key) !== undefined) {
        throw new RelayError('conflict', `An official account with key ${request.key} exists.`)
      }
      checkAppIdFree(request.appId, request.key)
      const secrets: AccountSecrets = {
        appSecret: request.appSecret,
        token: request.token,
        encodingAesKeys: keysOf(request.encodingAESKey, request.encodingAESKeyPrevious),
      }
      const account: StoredAccount = {
        key: request.key,
        name: request.name,
        appId: request.appId,
        sealedSecrets: sealer.seal(JSON.stringify(secrets)),
        isEnabled: true,
        updatedAt: now(),
        messageQuota: request.messageQuota ?? null,
        eventQuota: request.eventQuota ?? null,
      }
      return save(user, account, true, request)
    },
    async update(user, key, request) {
      checkAdmin(user)
      if (registry.isConfigured(key)) {
        throw new RelayError(
          'invalid',
          `The account ${key} is declared in the relay's configuration: change it there.`,
        )
      }
      const current = registry.stored(key)
      if (current === undefined) throw new RelayError('not_found', `No official account ${key}.`)
      const sealer = box()
      if (request.appId !== undefined) checkAppIdFree(request.appId, key)
      const [currentKey, currentPrevious] = current.secrets.encodingAesKeys
      const previous =
        request.encodingAESKeyPrevious === undefined
          ? currentPrevious
          : (request.encodingAESKeyPrevious ?? undefined)
      const secrets: AccountSecrets = {
        appSecret: request.appSecret ?? current.secrets.appSecret,
        token: request.token ?? current.secrets.token,
        encodingAesKeys: keysOf(request.encodingAESKey ?? currentKey, previous),
      }
      const account: StoredAccount = {
        ...current.account,
        name: request.name ?? current.account.name,
        appId: request.appId ?? current.account.appId,
        isEnabled: request.isEnabled ?? current.account.isEnabled,
        messageQuota:
          request.messageQuota === undefined ? current.account.messageQuota : request.messageQuota,
        eventQuota: request.eventQuota === undefined ? current.account.eventQuota : request.eventQuota,
        sealedSecrets: sealer.seal(JSON.stringify(secrets)),
        updatedAt: now(),
      }
      return save(user, account, false, request)
    },
  }
}

function keysOf(current: string | undefined, previous: string | undefined): string[] {
  if (current === undefined) {
    if (previous !== undefined)
      throw new RelayError('invalid', 'A previous EncodingAESKey needs a current one.')
    return []
  }
  return previous === undefined ? [current] : [current, previous]
}
