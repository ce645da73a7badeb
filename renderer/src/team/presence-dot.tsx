import { useTranslation } from 'react-i18next'
import type { PresenceStatus } from '../../../common/domain/team.js'

/** A status dot: green online, amber away, grey offline, with the word for screen readers. */
export function PresenceDot({ status }: { status: PresenceStatus }) {
  const { t } = useTranslation()
  return (
    <span
      className={`presence-dot presence-dot--${status}`}
      role="img"
      aria-label={t(`team.${status}`)}
      title={t(`team.${status}`)}
      data-status={status}
    />
  )
}
