import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { replyWindowAt, type WindowHistory } from '../../../common/domain/reply-window.js'
import { useTicker } from '../ticker/use-ticker.js'
import { countdownOf, durationParts, type Countdown } from './countdown.js'
import { useReplyWindowConfig } from './use-reply-window-config.js'

/** Formats time left as the countdown shows it, in the agent's language. */
export function useFormatTimeLeft(): (ms: number) => string {
  const { t } = useTranslation()
  return useCallback(
    (ms: number) => {
      const { hours, minutes, seconds } = durationParts(ms)
      if (hours > 0) return t('countdown.hm', { hours, minutes: String(minutes).padStart(2, '0') })
      if (minutes > 0) return t('countdown.ms', { minutes, seconds: String(seconds).padStart(2, '0') })
      return t('countdown.s', { seconds })
    },
    [t],
  )
}

/** The countdown of a window history, re-derived on each shared tick (only while mounted). */
export function useCountdown(history: WindowHistory, accountKey: string): Countdown {
  const config = useReplyWindowConfig(accountKey)
  const derive = useCallback(
    (now: number) => JSON.stringify(countdownOf(replyWindowAt(history, now, config), now)),
    [history, config],
  )
  return JSON.parse(useTicker(derive)) as Countdown
}

/** A live countdown pill: colour stage, time left and messages left ("3/5"). */
export function CountdownPill({ history, accountKey }: { history: WindowHistory; accountKey: string }) {
  const { t } = useTranslation()
  const countdown = useCountdown(history, accountKey)
  const format = useFormatTimeLeft()
  const isOpen = countdown.state === 'open'
  const label = isOpen
    ? format(countdown.timeLeftMs)
    : countdown.state === 'quota_exhausted'
      ? t('countdown.quotaUsed')
      : t('countdown.expired')
  const left = countdown.messagesLeft
  return (
    <span
      className={`countdown countdown--${countdown.stage}${countdown.isEventWindow ? ' countdown--event' : ''}`}
      data-stage={countdown.stage}
      data-testid="countdown"
      title={isOpen ? t('countdown.tooltip', { time: label }) : label}
    >
      {countdown.isEventWindow ? (
        <span className="countdown__bolt" aria-label={t('countdown.eventWindow')}>
          ⚡
        </span>
      ) : (
        <span className="countdown__dot" />
      )}
      <span className="countdown__time">{label}</span>
      {isOpen && left !== null && countdown.quota !== null ? (
        <span
          className="countdown__quota"
          title={t('countdown.messagesLeftTitle', { left, quota: countdown.quota })}
        >
          {t('countdown.messagesLeft', { left, quota: countdown.quota })}
        </span>
      ) : null}
    </span>
  )
}
