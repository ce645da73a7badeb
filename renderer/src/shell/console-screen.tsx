import { lazy, Suspense, useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountScreen } from '../account/account-screen.js'
import { AdminScreen } from '../admin/admin-screen.js'
import { BoardScreen } from '../board/board-screen.js'
import { BulkBar } from '../inbox/bulk-bar.js'
import { HandoverDialog } from '../team/handover-dialog.js'
import { ReassignDialog } from '../team/reassign-dialog.js'
import { ScreenTabs } from '../team/screen-tabs.js'
import { useIdlePresence } from '../team/use-idle-presence.js'
import { UserMenu } from '../team/user-menu.js'
import { ConversationPane } from '../conversation/conversation-pane.js'
import type { Language } from '../i18n/create-i18n.js'
import { InboxList } from '../inbox/inbox-list.js'
import { SearchBox } from '../inbox/search-box.js'
import { SearchResults } from '../inbox/search-results.js'
import { useInboxRows } from '../inbox/use-inbox-rows.js'
import { ViewSidebar } from '../inbox/view-sidebar.js'
import { SettingsDialog } from '../settings/settings-dialog.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { ConnectionIndicator } from './connection-indicator.js'
import { HelpOverlay } from './help-overlay.js'
import { NoticeToast } from './notice-toast.js'
import type { ThemeChoice } from './preferences.js'
import { useShortcuts } from './use-shortcuts.js'
import { Icon } from './icon.js'

// Charts are a large part of the bundle: the Reports screen loads when first opened, never at start.
const ReportsScreen = lazy(async () => ({
  default: (await import('../reports/reports-screen.js')).ReportsScreen,
}))

function InboxCount() {
  const { t } = useTranslation()
  const { ids } = useInboxRows()
  return <>{t('inbox.rowCount', { count: ids.length })}</>
}

/** The console: top bar, views, the inbox (or search results) and the open conversation. */
export function ConsoleScreen({
  theme,
  onTheme,
  onLanguage,
}: {
  theme: ThemeChoice
  onTheme: (theme: ThemeChoice) => void
  onLanguage: (language: Language) => void
}) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const user = useAppStore((state) => state.session.user)
  const isSearching = useAppStore((state) => state.search.text.trim() !== '')
  const screen = useAppStore((state) => state.screen)
  const [dialog, setDialog] = useState<'help' | 'settings' | 'reassign' | 'handover' | null>(null)
  const openHelp = useCallback(() => setDialog('help'), [])
  const close = useCallback(() => setDialog(null), [])
  useShortcuts(store, openHelp, close)
  useIdlePresence(store)
  const isDark = document.documentElement.dataset['theme'] === 'dark'
  return (
    <div className="console">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark">客</span>
          <strong>Kefu</strong>
        </div>
        <ScreenTabs />
        <SearchBox />
        <span className="spacer" />
        <ConnectionIndicator />
        <button
          type="button"
          className="icon-button"
          onClick={() => onTheme(isDark ? 'light' : 'dark')}
          title={t('settings.theme')}
          data-testid="toggle-theme"
        >
          <Icon name={isDark ? 'sun' : 'moon'} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={openHelp}
          title={t('help.title')}
          data-testid="open-help"
        >
          <Icon name="help" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => setDialog('settings')}
          title={t('settings.title')}
          data-testid="open-settings"
        >
          <Icon name="settings" />
        </button>
        <UserMenu onHandover={() => setDialog('handover')} />
      </header>
      {screen === 'board' ? <BoardScreen /> : null}
      {screen === 'reports' ? (
        <Suspense fallback={null}>
          <ReportsScreen />
        </Suspense>
      ) : null}
      {screen === 'account' ? <AccountScreen /> : null}
      {screen === 'admin' ? <AdminScreen /> : null}
      <div className="console__body" hidden={screen !== 'inbox'}>
        <ViewSidebar />
        <section className="inbox-column" aria-label={t('views.title')}>
          <div className="inbox-column__header">
            <span>{isSearching ? t('search.title') : <InboxCount />}</span>
            {isSearching ? (
              <button
                type="button"
                className="link-button"
                onClick={() => store.getState().clearSearch()}
                title={t('search.clear')}
              >
                <Icon name="close" size={14} />
              </button>
            ) : (
              <span className="muted small">{t('inbox.sortedBy')}</span>
            )}
          </div>
          {isSearching ? null : <BulkBar onReassign={() => setDialog('reassign')} />}
          {isSearching ? <SearchResults /> : <InboxList />}
        </section>
        <ConversationPane />
      </div>
      <NoticeToast />
      {dialog === 'help' ? <HelpOverlay onClose={close} /> : null}
      {dialog === 'reassign' ? <ReassignDialog onClose={close} /> : null}
      {dialog === 'handover' && user !== null ? (
        <HandoverDialog username={user.username} onClose={close} />
      ) : null}
      {dialog === 'settings' ? (
        <SettingsDialog onClose={close} theme={theme} onTheme={onTheme} onLanguage={onLanguage} />
      ) : null}
    </div>
  )
}
