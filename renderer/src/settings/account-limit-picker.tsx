import { useTranslation } from 'react-i18next'
import type { AccountSummary } from '../../../common/domain/account.js'
import { useAppStore } from '../store/store-context.js'

const NO_ACCOUNTS: readonly AccountSummary[] = []

/**
 * Which official accounts something is for (a team, a tag, a canned reply): chips to pick from; none
 * picked is every account. Shown only where the relay serves several accounts.
 */
export function AccountLimitPicker({
  value,
  onChange,
  hint,
}: {
  value: readonly string[]
  onChange: (accountKeys: string[]) => void
  hint: string
}) {
  const { t } = useTranslation()
  const accounts = useAppStore((state) => state.session.accounts ?? NO_ACCOUNTS)
  if (accounts.length <= 1) return null
  return (
    <div className="field account-limits">
      <span className="field__label">{t('admin.teamAccounts')}</span>
      <div className="sidebar__filters">
        {accounts.map((account) => {
          const isChosen = value.includes(account.key)
          return (
            <button
              key={account.key}
              type="button"
              className={`filter-chip${isChosen ? ' is-active' : ''}`}
              aria-pressed={isChosen}
              onClick={() =>
                onChange(isChosen ? value.filter((key) => key !== account.key) : [...value, account.key])
              }
              data-testid={`limit-account-${account.key}`}
            >
              {account.name}
            </button>
          )
        })}
      </div>
      <span className="field__hint block">{hint}</span>
    </div>
  )
}
