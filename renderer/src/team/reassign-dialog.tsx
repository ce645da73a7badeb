import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DialogFrame } from '../shell/dialog-frame.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { AssigneePicker, HandoverNoteField, MoveActions } from './assignee-picker.js'

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
        <MoveActions
          error={error}
          count={count}
          isDisabled={isBusy || count === 0}
          onCancel={onClose}
          testId="reassign-submit"
        />
      </div>
    </DialogFrame>
  )
}
