import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf, type Conversation } from '../../../common/domain/conversation.js'
import { CountdownPill } from '../inbox/countdown-pill.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { AssigneePicker, HandoverNoteField, MoveActions } from './assignee-picker.js'

/**
 * Shift-end handover: `username`'s open conversations, the window closing soonest first (the relay's
 * order), to one agent or back to the queue in one step. Supervisors open it for anyone, agents for themselves.
 */
export function HandoverDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const name = useAppStore((state) => state.displayNameOfUser(username))
  const [conversations, setConversations] = useState<readonly Conversation[] | null>(null)
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set())
  const [assignee, setAssignee] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)

  useEffect(() => {
    let isCurrent = true
    void store
      .getState()
      .loadOpenConversations(username)
      .then((result) => {
        if (!isCurrent) return
        if (result.ok) setConversations(result.value)
        else {
          setConversations([])
          setError(result.message)
        }
      })
    return () => {
      isCurrent = false
    }
  }, [store, username])

  const chosen = (conversations ?? []).filter((conversation) => !unticked.has(conversation.id))
  const toggle = (id: string): void => {
    const next = new Set(unticked)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setUnticked(next)
  }
  const submit = async (): Promise<void> => {
    setBusy(true)
    const result = await store.getState().handover(
      username,
      assignee === '' ? null : assignee,
      chosen.map((conversation) => conversation.id),
      note,
    )
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.message)
  }
  return (
    <DialogFrame
      title={t('team.handoverTitle', { name })}
      closeLabel={t('team.cancel')}
      onClose={onClose}
      onSubmit={() => void submit()}
      className="dialog dialog--medium"
      testId="handover-dialog"
    >
      <div className="dialog__content">
        {conversations === null ? (
          <p className="muted">{t('team.handoverLoading')}</p>
        ) : conversations.length === 0 ? (
          <p className="muted" data-testid="handover-empty">
            {t('team.handoverEmpty', { name })}
          </p>
        ) : (
          <>
            <p className="muted small">{t('team.handoverIntro')}</p>
            <ul className="pick-list" data-testid="handover-list">
              {conversations.map((conversation) => (
                <li key={conversation.id}>
                  <label className="pick-list__item">
                    <input
                      type="checkbox"
                      checked={!unticked.has(conversation.id)}
                      onChange={() => toggle(conversation.id)}
                    />
                    <span className="pick-list__name">{displayNameOf(conversation)}</span>
                    <span className="muted small">#{conversation.ticketNumber}</span>
                    <span className="spacer" />
                    <CountdownPill
                      history={conversation.windowHistory}
                      accountKey={conversation.accountKey}
                    />
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
        <AssigneePicker value={assignee} onChange={setAssignee} except={username} />
        <HandoverNoteField value={note} onChange={setNote} />
        <MoveActions
          error={error}
          count={chosen.length}
          isDisabled={isBusy || chosen.length === 0}
          onCancel={onClose}
          testId="handover-submit"
        />
      </div>
    </DialogFrame>
  )
}
