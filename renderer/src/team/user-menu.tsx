import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDismiss } from '../shell/use-dismiss.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { PresenceDot } from './presence-dot.js'
import { IDLE_AFTER_MS } from './use-idle-presence.js'

/** The signed-in user with their status: set online or away by hand, or hand over at shift end. */
export function UserMenu({ onHandover }: { onHandover: () => void }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const user = useAppStore((state) => state.session.user)
  const status = useAppStore((state) => state.myStatus)
  const [isOpen, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useDismiss(ref, isOpen, () => setOpen(false))
  if (user === null) return null
  const choose = (next: 'online' | 'away'): void => {
    setOpen(false)
    void store.getState().setMyStatus(next, true)
  }
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="me"
        title={user.username}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        onClick={() => setOpen(!isOpen)}
        data-testid="user-menu"
      >
        <span className="avatar avatar--small me__avatar">
          {user.displayName.slice(0, 1).toUpperCase()}
          <PresenceDot status={status} />
        </span>
        <span className="me__name">{user.displayName}</span>
      </button>
      {isOpen ? (
        <div className="menu" role="menu">
          <div className="menu__title">{t('team.statusTitle')}</div>
          {(['online', 'away'] as const).map((each) => (
            <button
              key={each}
              type="button"
              role="menuitemradio"
              aria-checked={status === each}
              className={`menu__item${status === each ? ' is-active' : ''}`}
              onClick={() => choose(each)}
              data-testid={`status-set-${each}`}
            >
              <PresenceDot status={each} /> {t(`team.${each}`)}
            </button>
          ))}
          <p className="menu__hint">{t('team.awayHint', { minutes: IDLE_AFTER_MS / 60_000 })}</p>
          <div className="menu__divider" />
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false)
              onHandover()
            }}
            data-testid="open-handover"
          >
            {t('team.handOverMine')}
          </button>
          <div className="menu__divider" />
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false)
              void store.getState().signOut(false)
            }}
            data-testid="sign-out"
          >
            {t('settings.signOut')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
