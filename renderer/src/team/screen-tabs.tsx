import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import type { Screen } from '../store/slices/team-slice.js'

/**
 * Inbox, Board (supervisors and admins), Reports (everyone: agents see their own figures), Account
 * (supervisors and admins: running the official account) and Admin
 * (admins): a role never sees a screen it cannot use.
 */
export function ScreenTabs() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const role = useAppStore((state) => state.session.user?.role ?? 'agent')
  const screen = useAppStore((state) => state.screen)
  const screens: readonly Screen[] =
    role === 'admin'
      ? ['inbox', 'board', 'reports', 'account', 'admin']
      : role === 'supervisor'
        ? ['inbox', 'board', 'reports', 'account']
        : ['inbox', 'reports']
  return (
    <nav className="segmented screen-tabs" aria-label={t('team.screens')}>
      {screens.map((each) => (
        <button
          key={each}
          type="button"
          className={`segmented__option${screen === each ? ' is-active' : ''}`}
          aria-current={screen === each ? 'page' : undefined}
          onClick={() => store.getState().setScreen(each)}
          data-testid={`screen-${each}`}
        >
          {t(`team.${each}`)}
        </button>
      ))}
    </nav>
  )
}
