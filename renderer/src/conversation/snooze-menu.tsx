import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Conversation } from '../../../common/domain/conversation.js'
import { isSnoozed } from '../../../common/domain/snooze.js'
import { Icon } from '../shell/icon.js'
import { useStoreApi } from '../store/store-context.js'

/** Tomorrow at 9:00 on this computer's clock. */
function tomorrowMorning(now: number): number {
  const date = new Date(now)
  date.setDate(date.getDate() + 1)
  date.setHours(9, 0, 0, 0)
  return date.getTime()
}

/** The choices of a snooze: an hour, three hours, tomorrow morning, or until the follower writes. */
const CHOICES = [
  { key: 'hour', untilOf: (now: number) => now + 3_600_000 },
  { key: 'threeHours', untilOf: (now: number) => now + 3 * 3_600_000 },
  { key: 'tomorrow', untilOf: tomorrowMorning },
  { key: 'reply', untilOf: () => null },
] as const

/**
 * Snooze a conversation out of the views (it comes back at the time chosen, or when the follower writes),
 * or wake a snoozed one.
 */
export function SnoozeMenu({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const [isOpen, setOpen] = useState(false)
  const snoozed = isSnoozed(conversation, Date.now())
  if (snoozed) {
    const until = conversation.snooze?.until ?? null
    return (
      <button
        type="button"
        className="button button--small"
        onClick={() => void store.getState().snooze(conversation.id, null)}
        data-testid="unsnooze"
        title={
          until === null
            ? t('snooze.untilReply')
            : t('snooze.until', { time: new Date(until).toLocaleString(i18n.language) })
        }
      >
        <Icon name="moon" size={13} /> {t('snooze.wake')}
      </button>
    )
  }
  return (
    <span className="snooze-menu">
      <button
        type="button"
        className="icon-button"
        onClick={() => setOpen(!isOpen)}
        title={t('snooze.title')}
        aria-expanded={isOpen}
        data-testid="snooze"
      >
        <Icon name="moon" />
      </button>
      {isOpen ? (
        <ul className="popover snooze-menu__list" role="menu">
          {CHOICES.map((choice) => (
            <li key={choice.key}>
              <button
                type="button"
                role="menuitem"
                className="snooze-menu__item"
                data-testid={`snooze-${choice.key}`}
                onClick={() => {
                  setOpen(false)
                  void store.getState().snooze(conversation.id, { until: choice.untilOf(Date.now()) })
                }}
              >
                {t(`snooze.${choice.key}`)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  )
}
