import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** Shown while conversations are checked: how many, "Reassign…" and clear. */
export function BulkBar({ onReassign }: { onReassign: () => void }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const count = useAppStore((state) => Object.keys(state.selectedIds).length)
  if (count === 0) return null
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <span className="bulk-bar__count">{t('team.selected', { count })}</span>
      <span className="spacer" />
      <button
        type="button"
        className="button button--primary button--small"
        onClick={onReassign}
        data-testid="bulk-reassign"
      >
        {t('team.reassign')}
      </button>
      <button type="button" className="link-button" onClick={() => store.getState().clearSelection()}>
        {t('team.clearSelection')}
      </button>
    </div>
  )
}
