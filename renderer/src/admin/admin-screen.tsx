import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../store/store-context.js'
import { AccountsAdmin } from './accounts-admin.js'
import { AuditLogAdmin } from './audit-log-admin.js'
import { AutoRepliesAdmin } from './auto-replies-admin.js'
import { SignInThrottlesAdmin } from './sign-in-throttles-admin.js'
import { TeamsAdmin } from './teams-admin.js'
import { UsersAdmin } from './users-admin.js'

type Tab = 'users' | 'teams' | 'accounts' | 'autoReplies' | 'throttles' | 'audit'

/** Administration (admins): users, teams, official accounts, auto-replies, sign-in throttles and the audit log. The relay enforces the role whatever this screen shows. */
export function AdminScreen() {
  const { t } = useTranslation()
  const isAdmin = useAppStore((state) => state.session.user?.role === 'admin')
  const [tab, setTab] = useState<Tab>('users')
  if (!isAdmin) return <div className="board board--empty muted">{t('admin.adminsOnly')}</div>
  return (
    <div className="admin" data-testid="admin">
      <header className="board__header">
        <h1>{t('admin.title')}</h1>
        <div className="segmented">
          {(['users', 'teams', 'accounts', 'autoReplies', 'throttles', 'audit'] as const).map((each) => (
            <button
              key={each}
              type="button"
              className={`segmented__option${tab === each ? ' is-active' : ''}`}
              onClick={() => setTab(each)}
              data-testid={`admin-tab-${each}`}
            >
              {t(`admin.${each}`)}
            </button>
          ))}
        </div>
      </header>
      {tab === 'users' ? (
        <UsersAdmin />
      ) : tab === 'teams' ? (
        <TeamsAdmin />
      ) : tab === 'accounts' ? (
        <AccountsAdmin />
      ) : tab === 'autoReplies' ? (
        <AutoRepliesAdmin />
      ) : tab === 'throttles' ? (
        <SignInThrottlesAdmin />
      ) : (
        <AuditLogAdmin />
      )}
    </div>
  )
}
