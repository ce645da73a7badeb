import { conversationKeyOf } from '../../../common/domain/account.js'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  ReplyWindow,
  ReplyWindowConfig,
  WindowHistory,
  WindowOpener,
} from '../../../common/domain/reply-window.js'
import { useFormatTimeLeft } from '../inbox/countdown-pill.js'
import { useReplyWindowConfig } from '../inbox/use-reply-window-config.js'
import { TemplateForm } from './template-form.js'
import { Icon } from '../shell/icon.js'

/** When the latest window ended, from the history (the policy reports only that it is closed). */
function lastExpiryOf(history: WindowHistory, config: ReplyWindowConfig): number | null {
  const ends = (Object.keys(history.lastOpenedAt) as WindowOpener[]).map(
    (kind) => (history.lastOpenedAt[kind] ?? 0) + config[kind].durationMs,
  )
  return ends.length === 0 ? null : Math.max(...ends)
}

/** Replaces the composer once the window is closed: the reason, and what the agent can do. */
export function WindowBanner({
  conversationId,
  window,
  history,
  now,
  onWriteNote,
}: {
  conversationId: string
  window: ReplyWindow
  history: WindowHistory
  now: number
  onWriteNote: () => void
}) {
  const { t } = useTranslation()
  const format = useFormatTimeLeft()
  const [isTemplateOpen, setTemplateOpen] = useState(false)
  const reason = window.state === 'quota_exhausted' ? 'quota_exhausted' : (window.closedReason ?? 'expired')
  const lastExpiry = lastExpiryOf(history, useReplyWindowConfig(conversationKeyOf(conversationId).accountKey))
  const canTemplate = reason !== 'unsubscribed'
  if (isTemplateOpen)
    return <TemplateForm conversationId={conversationId} onDone={() => setTemplateOpen(false)} />
  return (
    <div
      className={`window-banner window-banner--${reason}`}
      role="status"
      data-testid="window-banner"
      data-reason={reason}
    >
      <div className="window-banner__icon" aria-hidden>
        <Icon name={reason === 'unsubscribed' ? 'close' : 'clock'} size={22} />
      </div>
      <div className="window-banner__text">
        <strong>{t(`banner.${reason}`)}</strong>
        <span>
          {t(`banner.${reason}Detail`, {
            ago: lastExpiry === null ? '' : format(Math.max(0, now - lastExpiry)),
            quota: window.quota ?? 0,
          })}{' '}
          {reason !== 'unsubscribed' ? t('banner.wait') : null}
        </span>
      </div>
      <div className="window-banner__actions">
        {canTemplate ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setTemplateOpen(true)}
            data-testid="open-template"
          >
            {t('banner.sendTemplate')}
          </button>
        ) : null}
        <button type="button" className="button" onClick={onWriteNote}>
          {t('banner.writeNote')}
        </button>
      </div>
    </div>
  )
}
