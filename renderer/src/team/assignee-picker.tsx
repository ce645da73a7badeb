import { useTranslation } from 'react-i18next'
import { useAppStore } from '../store/store-context.js'
import { receiversFor } from './receivers-for.js'

/** Choose who receives: an agent (with their presence and load) or the unassigned queue (''). */
export function AssigneePicker({
  value,
  onChange,
  except,
}: {
  value: string
  onChange: (username: string) => void
  except: string | null
}) {
  const { t } = useTranslation()
  const me = useAppStore((state) => state.session.user)
  const usersByName = useAppStore((state) => state.usersByName)
  const presenceByName = useAppStore((state) => state.presenceByName)
  const receivers = receiversFor(me, Object.values(usersByName), except)
  return (
    <label className="field">
      <span className="field__label">{t('team.to')}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="assignee-picker">
        <option value="">{t('team.toQueue')}</option>
        {receivers.map((user) => {
          const status = presenceByName[user.username]?.status ?? 'offline'
          return (
            <option key={user.username} value={user.username}>
              {user.displayName} · {t(`team.${status}`)}
            </option>
          )
        })}
      </select>
    </label>
  )
}

/** The optional handover note, shown to the receiver inside each conversation. */
export function HandoverNoteField({ value, onChange }: { value: string; onChange: (note: string) => void }) {
  const { t } = useTranslation()
  return (
    <label className="field">
      <span className="field__label">{t('team.note')}</span>
      <textarea
        rows={3}
        maxLength={2000}
        value={value}
        placeholder={t('team.notePlaceholder')}
        onChange={(event) => onChange(event.target.value)}
        data-testid="handover-note"
      />
      <span className="field__hint">{t('team.noteHint')}</span>
    </label>
  )
}

/** The foot of a move dialog: the relay's refusal, if any, then Cancel and "Move N". */
export function MoveActions({
  error,
  count,
  isDisabled,
  onCancel,
  testId,
}: {
  error: string | null
  count: number
  isDisabled: boolean
  onCancel: () => void
  testId: string
}) {
  const { t } = useTranslation()
  return (
    <>
      {error !== null ? (
        <p className="form-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      ) : null}
      <div className="field__row field__row--end">
        <button type="button" className="button" onClick={onCancel}>
          {t('team.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={isDisabled} data-testid={testId}>
          {t('team.move', { count })}
        </button>
      </div>
    </>
  )
}
