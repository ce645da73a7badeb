import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DialogFrame } from '../shell/dialog-frame.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { AssigneePicker, HandoverNoteField } from './assignee-picker.js'

/** Bulk "Reassign…": the checked conversations to one agent or the queue, with an optional note. */
export function ReassignDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const count = useAppStore((state) => Object.keys(state.selectedIds).length)
  const [assignee, setAssignee] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)
  const submit = async (): Promise<void> => {
    setBusy(true)
    const result = await store.getState().bulkReassign(assignee === '' ? null : assignee, note)
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.message)
  }
  return (
    <DialogFrame
      title={t('team.reassignTitle', { count })}
      closeLabel={t('team.cancel')}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="reassign-dialog"
    >
      <div className="dialog__content">
        <AssigneePicker value={assignee} onChange={setAssignee} except={null} />
        <HandoverNoteField value={note} onChange={setNote} />
        {error !== null ? (
          <p className="form-error" role="alert" data-testid="dialog-error">
            {error}
          </p>
        ) : null}
        <div className="field__row field__row--end">
          <button type="button" className="button" onClick={onClose}>
            {t('team.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={isBusy || count === 0}
            data-testid="reassign-submit"
          >
            {t('team.move', { count })}
          </button>
        </div>
      </div>
    </DialogFrame>
  )
}
