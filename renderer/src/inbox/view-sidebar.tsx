import type { AccountSummary } from '../../../common/domain/account.js'
import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import type { StatusFilter } from '../store/slices/ui-slice.js'
import type { InboxView } from './inbox-views.js'
import { useInboxRows } from './use-inbox-rows.js'
import { Icon, type IconName } from '../shell/icon.js'

const FIXED_VIEWS: readonly {
  readonly view: InboxView
  readonly icon: IconName
  readonly key: 'mine' | 'unassigned' | 'all' | 'expiring' | 'snoozed'
}[] = [
  { view: 'mine', icon: 'user', key: 'mine' },
  { view: 'unassigned', icon: 'userPlus', key: 'unassigned' },
  { view: 'all', icon: 'inbox', key: 'all' },
  { view: 'expiring', icon: 'clock', key: 'expiring' },
  { view: 'snoozed', icon: 'moon', key: 'snoozed' },
]

const NO_ACCOUNTS: readonly AccountSummary[] = []

const STATUS_FILTERS: readonly StatusFilter[] = ['active', 'open', 'pending', 'resolved', 'any']

/** The views (with counts), tags and status filter. */
export function ViewSidebar() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const { counts } = useInboxRows()
  const view = useAppStore((state) => state.view)
  const filter = useAppStore((state) => state.statusFilter)
  const tags = useAppStore((state) => state.tags)
  const accounts = useAppStore((state) => state.session.accounts ?? NO_ACCOUNTS)
  const accountFilter = useAppStore((state) => state.accountFilter)
  const choose = (next: InboxView): void => {
    store.getState().clearSearch()
    store.getState().setView(next)
  }
  return (
    <nav className="sidebar" aria-label={t('views.title')}>
      <div className="sidebar__section-title">{t('views.title')}</div>
      {FIXED_VIEWS.map((entry) => (
        <button
          key={entry.view}
          type="button"
          className={`sidebar__item${view === entry.view ? ' is-active' : ''}${entry.view === 'expiring' && counts.expiring > 0 ? ' is-alert' : ''}`}
          onClick={() => choose(entry.view)}
          data-testid={`view-${entry.view}`}
        >
          <span className="sidebar__icon" aria-hidden>
            <Icon name={entry.icon} />
          </span>
          <span className="sidebar__label">{t(`views.${entry.key}`)}</span>
          <span className="sidebar__count">{counts[entry.key]}</span>
        </button>
      ))}
      <div className="sidebar__section-title">{t('views.tags')}</div>
      {tags.map((tag) => (
        <button
          key={tag.id}
          type="button"
          className={`sidebar__item${view === `tag:${tag.id}` ? ' is-active' : ''}`}
          onClick={() => choose(`tag:${tag.id}`)}
        >
          <span className="sidebar__swatch" style={{ '--tag': tag.color } as CSSProperties} aria-hidden />
          <span className="sidebar__label">{tag.name}</span>
          <span className="sidebar__count">{counts.byTag[tag.id] ?? 0}</span>
        </button>
      ))}
      <div className="sidebar__section-title">{t('filter.status')}</div>
      <div className="sidebar__filters">
        {STATUS_FILTERS.map((entry) => (
          <button
            key={entry}
            type="button"
            className={`filter-chip${filter === entry ? ' is-active' : ''}`}
            onClick={() => store.getState().setStatusFilter(entry)}
            data-testid={`filter-${entry}`}
          >
            {t(`filter.${entry}`)}
          </button>
        ))}
      </div>
      {accounts.length > 1 ? (
        <>
          <div className="sidebar__section-title">{t('filter.account')}</div>
          <div className="sidebar__filters">
            {[null, ...accounts].map((account) => (
              <button
                key={account?.key ?? ''}
                type="button"
                className={`filter-chip${accountFilter === (account?.key ?? null) ? ' is-active' : ''}`}
                onClick={() => store.getState().setAccountFilter(account?.key ?? null)}
                data-testid={`account-filter-${account?.key ?? 'any'}`}
              >
                {account === null ? t('filter.anyAccount') : account.name}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </nav>
  )
}
