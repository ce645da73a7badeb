import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'

const NOTICE_MS = 8000

/** The one notice at a time (who won a claim, a failed command), dismissed after a few seconds. */
export function NoticeToast() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const notice = useAppStore((state) => state.notice)
  useEffect(() => {
    if (notice === null) return
    const timer = setTimeout(() => store.getState().dismissNotice(), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice, store])
  if (notice === null) return null
  return (
    <div
      className={`toast toast--${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{t(notice.key, notice.values)}</span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('notice.dismiss')}
        onClick={() => store.getState().dismissNotice()}
      >
        ✕
      </button>
    </div>
  )
}
