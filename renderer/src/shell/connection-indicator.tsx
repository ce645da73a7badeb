import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { useTicker } from '../ticker/use-ticker.js'
import { catchUpPercentOf } from './catch-up-percent.js'

/** Live / catching up / offline with the retry time / revoked, with "retry now" when offline. */
export function ConnectionIndicator() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const connection = useAppStore((state) => state.connection)
  const retryAt = connection.state === 'offline' ? connection.retryAt : 0
  const seconds = useTicker(
    useCallback((now: number) => Math.max(0, Math.ceil((retryAt - now) / 1000)), [retryAt]),
  )
  const label = (() => {
    switch (connection.state) {
      case 'live':
        return t('connection.live')
      case 'connecting':
        return t('connection.connecting')
      case 'catching-up': {
        const percent = catchUpPercentOf(connection.applied, connection.total)
        return percent === null
          ? t('connection.catchingUp', { count: connection.applied })
          : t('connection.catchingUpPercent', { percent })
      }
      case 'offline':
        return seconds > 0 ? t('connection.offline', { seconds }) : t('connection.offlineNow')
      case 'revoked':
        return t('connection.revoked')
      default:
        return t('connection.signedOut')
    }
  })()
  const title = connection.state === 'offline' || connection.state === 'revoked' ? connection.reason : label
  return (
    <div
      className={`connection connection--${connection.state}`}
      data-testid="connection"
      data-state={connection.state}
      title={title}
    >
      <span className="connection__dot" aria-hidden />
      <span>{label}</span>
      {connection.state === 'revoked' ? (
        <button type="button" className="link-button" onClick={() => void store.getState().signOut(false)}>
          {t('connection.signInAgain')}
        </button>
      ) : null}
      {connection.state === 'offline' ? (
        <button type="button" className="link-button" onClick={() => void store.getState().reconnect()}>
          {t('connection.retryNow')}
        </button>
      ) : null}
    </div>
  )
}
