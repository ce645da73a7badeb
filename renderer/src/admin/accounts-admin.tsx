import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AccountListing } from '../../../common/relay/account-listing.js'
import type { CommandResult } from '../store/app-state.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { CommandFeedback, useCommandFeedback } from './users-admin.js'

/** The MP console's fields, as an admin types them; secrets are sent once and never shown again. */
interface AccountFields {
  key: string
  name: string
  appId: string
  appSecret: string
  token: string
  encodingAESKey: string
  /** Empty: the relay's quota. */
  messageQuota: string
}

type SecretField = 'appSecret' | 'token' | 'encodingAESKey'
const SECRET_FIELDS: readonly SecretField[] = ['appSecret', 'token', 'encodingAESKey']
const SECRET_LABELS: Readonly<Record<SecretField, string>> = {
  appSecret: 'AppSecret',
  token: 'Token',
  encodingAESKey: 'EncodingAESKey',
}

const EMPTY: AccountFields = {
  key: '',
  name: '',
  appId: '',
  appSecret: '',
  token: '',
  encodingAESKey: '',
  messageQuota: '',
}

function CreateAccountForm({ onResult }: { onResult: (result: CommandResult) => boolean }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const [fields, setFields] = useState<AccountFields>(EMPTY)
  const field = (name: keyof AccountFields, label: string, type = 'text') => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type={type}
        value={fields[name]}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        onChange={(event) => setFields({ ...fields, [name]: event.target.value })}
        data-testid={`new-account-${name}`}
      />
    </label>
  )
  const isComplete = [fields.key, fields.name, fields.appId, fields.appSecret, fields.token].every(
    (value) => value.trim() !== '',
  )
  return (
    <form
      className="settings-form admin-form"
      data-testid="create-account"
      onSubmit={async (event) => {
        event.preventDefault()
        const aesKey = fields.encodingAESKey.trim()
        const quota = fields.messageQuota.trim()
        const result = await store.getState().createAccount({
          ...(quota === '' ? {} : { messageQuota: Number.parseInt(quota, 10) }),
          key: fields.key.trim(),
          name: fields.name.trim(),
          appId: fields.appId.trim(),
          appSecret: fields.appSecret,
          token: fields.token.trim(),
          ...(aesKey === '' ? {} : { encodingAESKey: aesKey }),
        })
        if (onResult(result)) setFields(EMPTY)
      }}
    >
      {field('key', t('accounts.key'))}
      {field('name', t('accounts.name'))}
      {field('appId', 'AppID')}
      {field('appSecret', 'AppSecret', 'password')}
      {field('token', 'Token', 'password')}
      {field('encodingAESKey', 'EncodingAESKey', 'password')}
      {field('messageQuota', t('accounts.messageQuota'), 'number')}
      <p className="field__hint">{t('accounts.secretsHint')}</p>
      <div className="admin-form__submit">
        <button
          type="submit"
          className="button button--primary"
          disabled={!isComplete}
          data-testid="create-account-submit"
        >
          {t('accounts.add')}
        </button>
      </div>
    </form>
  )
}

function AccountRow({
  account,
  onResult,
}: {
  account: AccountListing
  onResult: (result: CommandResult) => boolean
}) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const isConsole = account.source === 'console'
  const update = async (
    change: Omit<Parameters<ReturnType<typeof store.getState>['updateAccount']>[0], 'accountKey'>,
  ) => onResult(await store.getState().updateAccount({ accountKey: account.key, ...change }))
  // Secrets are write-only: a new value replaces the kept one, nothing is shown of either.
  const [secretField, setSecretField] = useState<SecretField>('appSecret')
  const [secret, setSecret] = useState('')
  const replaceSecret = async (): Promise<void> => {
    if (secret.trim() === '') return
    if (await update({ [secretField]: secret.trim() })) setSecret('')
  }
  return (
    <tr data-testid="account-row" data-account-key={account.key}>
      <td>
        <strong className="account-name">{account.name}</strong>
        <div className="muted small">{account.key}</div>
      </td>
      <td className="small">{account.appId}</td>
      <td className="small">
        <code>{account.webhookPath}</code>
      </td>
      <td className="small">
        {account.hasEncodingAesKey ? t('accounts.safeMode') : t('accounts.plaintextMode')}
        {account.hasPreviousEncodingAesKey ? ` · ${t('accounts.rotating')}` : ''}
        <div className="muted">
          {t('accounts.quotas', { message: account.messageQuota ?? '∞', event: account.eventQuota ?? '∞' })}
        </div>
      </td>
      <td className="small">{isConsole ? t('accounts.fromConsole') : t('accounts.fromConfiguration')}</td>
      <td>
        {isConsole ? (
          <div className="account-actions">
            <label className="switch">
              <input
                type="checkbox"
                checked={account.isEnabled}
                onChange={(event) => void update({ isEnabled: event.target.checked })}
                data-testid="account-enabled"
              />
              <span className="switch__track" aria-hidden />
              <span>{t('accounts.enabled')}</span>
            </label>
            <select
              value={secretField}
              onChange={(event) => setSecretField(event.target.value as SecretField)}
              aria-label={t('accounts.replaceWhich')}
            >
              {SECRET_FIELDS.map((name) => (
                <option key={name} value={name}>
                  {SECRET_LABELS[name]}
                </option>
              ))}
            </select>
            <input
              type="password"
              className="admin-input"
              autoComplete="new-password"
              value={secret}
              placeholder={t('accounts.newSecret')}
              onChange={(event) => setSecret(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && void replaceSecret()}
              data-testid="account-secret"
            />
            <button
              type="button"
              className="button"
              disabled={secret.trim() === ''}
              onClick={() => void replaceSecret()}
              data-testid="account-secret-save"
            >
              {t('accounts.replace')}
            </button>
          </div>
        ) : (
          <span className="muted small">{t('accounts.readOnly')}</span>
        )}
      </td>
    </tr>
  )
}

/** Admins: the official accounts served, those of the configuration read-only, the console's editable. */
export function AccountsAdmin() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const accounts = useAppStore((state) => state.accountListings)
  const { error, isSaved, report } = useCommandFeedback()
  useEffect(() => {
    void store
      .getState()
      .loadAccounts()
      .then((result) => !result.ok && report(result))
    // Loaded once per visit; changes made here update the list from the relay's answers.
  }, [store])
  return (
    <div className="admin-section" data-testid="admin-accounts">
      <CreateAccountForm onResult={report} />
      <CommandFeedback error={error} isSaved={isSaved} />
      {accounts.length === 0 ? <p className="muted">{t('accounts.none')}</p> : null}
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('accounts.name')}</th>
            <th>AppID</th>
            <th>{t('accounts.webhook')}</th>
            <th>{t('accounts.mode')}</th>
            <th>{t('accounts.source')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <AccountRow key={account.key} account={account} onResult={report} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
