import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf, type Conversation } from '../../../common/domain/conversation.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/**
 * Admins only: erases the follower's data at the relay, after a confirmation that names everything it
 * deletes. The relay decides (and refuses others); the conversation leaves the screen when the
 * erasure comes back through the log, as it does on every other desktop.
 */
export function EraseFollower({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const isAdmin = useAppStore((state) => state.session.user?.role === 'admin')
  const [isConfirming, setConfirming] = useState(false)
  const [isErasing, setErasing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!isAdmin) return null
  const name = displayNameOf(conversation)
  const close = (): void => {
    if (!isErasing) setConfirming(false)
  }
  return (
    <>
      <button
        type="button"
        className="button button--danger erase-follower"
        onClick={() => {
          setError(null)
          setConfirming(true)
        }}
        data-testid="erase-follower"
      >
        {t('erase.button')}
      </button>
      {isConfirming ? (
        <DialogFrame
          title={t('erase.title', { name })}
          closeLabel={t('erase.cancel')}
          onClose={close}
          testId="erase-dialog"
        >
          <div className="dialog__content">
            <p>{t('erase.intro')}</p>
            <ul className="erase-list">
              <li>{t('erase.messages')}</li>
              <li>{t('erase.panel')}</li>
              <li>{t('erase.tickets')}</li>
              <li>{t('erase.conversation', { openId: conversation.id })}</li>
            </ul>
            <p className="erase-warning">{t('erase.warning')}</p>
            {error !== null ? (
              <p className="form-error" role="alert">
                {t('erase.failed', { message: error })}
              </p>
            ) : null}
            <div className="erase-actions">
              <button type="button" className="button" onClick={close} disabled={isErasing}>
                {t('erase.cancel')}
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={isErasing}
                data-testid="erase-confirm"
                onClick={async () => {
                  setErasing(true)
                  const result = await store.getState().eraseConversation(conversation.id)
                  setErasing(false)
                  if (result.ok) setConfirming(false)
                  else setError(result.message)
                }}
              >
                {isErasing ? t('erase.erasing') : t('erase.confirm')}
              </button>
            </div>
          </div>
        </DialogFrame>
      ) : null}
    </>
  )
}
