import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  SignInThrottleEntry,
  SignInThrottleFilter,
} from '../../../common/relay/sign-in-throttle-schemas.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import { formatFullTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { useNowBucket } from '../ticker/use-ticker.js'

/** What a confirmation is about: one row, or every throttle. */
type Clearing = { readonly kind: 'one'; readonly throttle: SignInThrottleEntry } | { readonly kind: 'all' }

/** The relay's filter for one row: a username from its address, or the address with every username from it. */
function filterOf(clearing: Clearing): SignInThrottleFilter {
  if (clearing.kind === 'all') return {}
  const { username, address } = clearing.throttle
  return username === null ? { address } : { username, address }
}

/**
 * The sign-in throttles (admins): who the relay holds back from which address, and a way to let them
 * back in after a confirmation. The relay keeps the throttles and audits each clearing.
 */
export function SignInThrottlesAdmin() {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const throttles = useAppStore((state) => state.signInThrottles)
  const isLoaded = useAppStore((state) => state.isSignInThrottlesLoaded)
  const displayNameOfUser = useAppStore((state) => state.displayNameOfUser)
  // Minutes are what the table shows: the lock's end is re-read on the shared tick, once per 15 s.
  const now = useNowBucket(15_000)
  const [error, setError] = useState<string | null>(null)
  const [clearing, setClearing] = useState<Clearing | null>(null)
  const [isClearing, setIsClearing] = useState(false)

  const reload = useCallback(() => {
    void store
      .getState()
      .loadSignInThrottles()
      .then((result) => setError(result.ok ? null : result.message))
  }, [store])
  useEffect(reload, [reload])

  const whoOf = (throttle: SignInThrottleEntry): string =>
    throttle.username === null ? t('throttles.everyUsername') : displayNameOfUser(throttle.username)
  const close = (): void => {
    if (!isClearing) setClearing(null)
  }
  const confirm = async (): Promise<void> => {
    if (clearing === null) return
    setIsClearing(true)
    const result = await store.getState().clearSignInThrottles(filterOf(clearing))
    setIsClearing(false)
    setError(result.ok ? null : result.message)
    if (result.ok) setClearing(null)
  }

  return (
    <div className="admin-section" data-testid="admin-throttles">
      <div className="throttles-intro">
        <p className="muted small">{t('throttles.intro')}</p>
        <div className="throttles-intro__actions">
          <button
            type="button"
            className="button button--small"
            onClick={reload}
            data-testid="throttles-refresh"
          >
            {t('throttles.refresh')}
          </button>
          {throttles.length > 0 ? (
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => setClearing({ kind: 'all' })}
              data-testid="throttles-clear-all"
            >
              {t('throttles.clearAll')}
            </button>
          ) : null}
        </div>
      </div>
      {error !== null && clearing === null ? (
        <p className="form-error" role="alert" data-testid="throttles-error">
          {t('throttles.failed', { message: error })}
        </p>
      ) : null}
      {isLoaded && throttles.length === 0 ? (
        <p className="muted" data-testid="throttles-empty">
          {t('throttles.empty')}
        </p>
      ) : null}
      {throttles.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('throttles.who')}</th>
              <th>{t('throttles.address')}</th>
              <th>{t('throttles.failures')}</th>
              <th>{t('throttles.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {throttles.map((throttle) => {
              const isLocked = throttle.lockedUntil !== null && throttle.lockedUntil > now
              return (
                <tr
                  key={`${throttle.username ?? ''}\u0000${throttle.address}`}
                  data-testid="throttle-row"
                  data-username={throttle.username ?? ''}
                  data-address={throttle.address}
                >
                  <td>
                    {whoOf(throttle)}
                    {throttle.username !== null &&
                    displayNameOfUser(throttle.username) !== throttle.username ? (
                      <span className="muted small"> ({throttle.username})</span>
                    ) : null}
                  </td>
                  <td className="throttles-address">{throttle.address}</td>
                  <td>{throttle.failures}</td>
                  <td>
                    {isLocked && throttle.lockedUntil !== null ? (
                      <span
                        className="status-chip status-chip--disabled"
                        title={formatFullTime(throttle.lockedUntil, i18n.language)}
                      >
                        {t('throttles.lockedUntil', {
                          time: formatFullTime(throttle.lockedUntil, i18n.language),
                          minutes: Math.max(1, Math.round((throttle.lockedUntil - now) / 60_000)),
                        })}
                      </span>
                    ) : (
                      <span className="muted">{t('throttles.counting')}</span>
                    )}
                  </td>
                  <td className="admin-actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setClearing({ kind: 'one', throttle })}
                      data-testid="throttle-clear"
                    >
                      {t('throttles.clear')}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
      {clearing !== null ? (
        <DialogFrame
          title={clearing.kind === 'all' ? t('throttles.confirmAllTitle') : t('throttles.confirmTitle')}
          closeLabel={t('throttles.cancel')}
          onClose={close}
          testId="throttles-dialog"
        >
          <div className="dialog__content">
            <p>
              {clearing.kind === 'all'
                ? t('throttles.confirmAll', { number: throttles.length })
                : clearing.throttle.username === null
                  ? t('throttles.confirmAddress', { address: clearing.throttle.address })
                  : t('throttles.confirmUser', {
                      name: whoOf(clearing.throttle),
                      address: clearing.throttle.address,
                    })}
            </p>
            <p className="muted small">{t('throttles.audited')}</p>
            {error !== null ? (
              <p className="form-error" role="alert">
                {t('throttles.clearFailed', { message: error })}
              </p>
            ) : null}
            <div className="erase-actions">
              <button type="button" className="button" onClick={close} disabled={isClearing}>
                {t('throttles.cancel')}
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={isClearing}
                onClick={() => void confirm()}
                data-testid="throttles-confirm"
              >
                {isClearing ? t('throttles.clearing') : t('throttles.confirm')}
              </button>
            </div>
          </div>
        </DialogFrame>
      ) : null}
    </div>
  )
}
