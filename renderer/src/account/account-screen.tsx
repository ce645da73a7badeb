import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_ACCOUNT_KEY } from '../../../common/domain/account.js'
import { useAppStore } from '../store/store-context.js'
import { MenuPanel } from './menu-panel.js'
import { QrCodesPanel } from './qr-codes-panel.js'

/** Running the official account (supervisors and admins): one account at a time, its menu and QR codes by source. */
export function AccountScreen() {
  const { t } = useTranslation()
  const accounts = useAppStore((state) => state.session.accounts ?? [])
  const [accountKey, setAccountKey] = useState(accounts[0]?.key ?? DEFAULT_ACCOUNT_KEY)
  return (
    <div className="board account-screen" data-testid="account-screen">
      <header className="board__header">
        <h1>{t('qr.screenTitle')}</h1>
        {accounts.length > 1 ? (
          <select
            value={accountKey}
            onChange={(event) => setAccountKey(event.target.value)}
            aria-label={t('autoReplies.account')}
            data-testid="account-screen-account"
          >
            {accounts.map((account) => (
              <option key={account.key} value={account.key}>
                {account.name}
              </option>
            ))}
          </select>
        ) : null}
      </header>
      <MenuPanel accountKey={accountKey} />
      <QrCodesPanel accountKey={accountKey} />
    </div>
  )
}
