import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** The row's checkbox for bulk moves, laid over the avatar; shift-click selects a range. */
export function SelectBox({
  conversationId,
  orderedIds,
}: {
  conversationId: string
  orderedIds: () => readonly string[]
}) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const isChecked = useAppStore((state) => state.selectedIds[conversationId] === true)
  return (
    <label className={`select-box${isChecked ? ' is-checked' : ''}`} title={t('team.selectHint')}>
      <input
        type="checkbox"
        checked={isChecked}
        aria-label={t('team.select')}
        data-testid="row-select"
        onClick={(event) => {
          if (event.shiftKey) store.getState().selectRange(orderedIds(), conversationId)
          else store.getState().toggleSelected(conversationId)
        }}
        // Controlled: the click above decides, so a shift-click can select a range instead of one.
        onChange={() => undefined}
      />
    </label>
  )
}
