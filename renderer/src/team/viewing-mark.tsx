import { useTranslation } from 'react-i18next'
import { useAppStore } from '../store/store-context.js'

/** A soft "X viewing" mark on a conversation someone else has open; nothing when nobody does. */
export function ViewingMark({ conversationId, isCompact }: { conversationId: string; isCompact?: boolean }) {
  const { t } = useTranslation()
  const names = useAppStore((state) =>
    (state.viewersById[conversationId] ?? []).map((username) => state.displayNameOfUser(username)).join(', '),
  )
  if (names === '') return null
  return (
    <span
      className={`viewing-mark${isCompact === true ? ' viewing-mark--compact' : ''}`}
      title={t('team.viewingTitle', { names })}
      data-testid="viewing-mark"
    >
      <span className="viewing-mark__eye" aria-hidden>
        ◉
      </span>
      {isCompact === true ? names : t('team.viewing', { names })}
    </span>
  )
}
