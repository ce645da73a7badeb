import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_WINDOW_RESCUE, type WindowRescuePolicy } from '../../../common/domain/window-rescue.js'

/** Whole minutes within `min`..`max`, or null for an empty or out-of-range entry. */
function minutesOf(text: string, min: number, max: number): number | null {
  const value = Number(text)
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null
}

/**
 * A team's rescue of conversations whose reply window closes unanswered on an absent holder: how many
 * minutes before, what the relay does, and when it takes back what an offline agent holds.
 */
export function WindowRescueSettings({
  policy,
  onChange,
}: {
  policy: WindowRescuePolicy | null
  onChange: (policy: WindowRescuePolicy) => void
}) {
  const { t } = useTranslation()
  const current = policy ?? DEFAULT_WINDOW_RESCUE
  const [minutes, setMinutes] = useState(String(current.minutesBefore))
  const [offline, setOffline] = useState(
    current.reclaimOfflineAfterMinutes === null ? '' : String(current.reclaimOfflineAfterMinutes),
  )
  const save = (patch: Partial<WindowRescuePolicy>): void => {
    const next = { ...current, ...patch }
    if (JSON.stringify(next) !== JSON.stringify(current)) onChange(next)
  }
  return (
    <fieldset className="window-rescue" data-testid="window-rescue">
      <legend className="field__label">{t('admin.rescueTitle')}</legend>
      <span className="field__hint block">{t('admin.rescueHint')}</span>
      <label className="field field--inline">
        <span>{t('admin.rescueMinutes')}</span>
        <input
          type="number"
          min={5}
          max={1440}
          className="admin-input admin-input--cap"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          onBlur={() => {
            const value = minutesOf(minutes, 5, 1440)
            if (value === null) setMinutes(String(current.minutesBefore))
            else save({ minutesBefore: value })
          }}
          data-testid="rescue-minutes"
        />
      </label>
      <label className="field field--inline">
        <span>{t('admin.rescueAction')}</span>
        <select
          value={current.action}
          onChange={(event) => save({ action: event.target.value as WindowRescuePolicy['action'] })}
          data-testid="rescue-action"
        >
          {(['notify', 'queue', 'reassign'] as const).map((action) => (
            <option key={action} value={action}>
              {t(`admin.rescueActions.${action}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span>{t('admin.rescueOffline')}</span>
        <input
          type="number"
          min={5}
          max={10080}
          className="admin-input admin-input--cap"
          value={offline}
          placeholder={t('admin.rescueNever')}
          onChange={(event) => setOffline(event.target.value)}
          onBlur={() => {
            if (offline.trim() === '') return save({ reclaimOfflineAfterMinutes: null })
            const value = minutesOf(offline, 5, 10080)
            if (value === null)
              setOffline(
                current.reclaimOfflineAfterMinutes === null ? '' : String(current.reclaimOfflineAfterMinutes),
              )
            else save({ reclaimOfflineAfterMinutes: value })
          }}
          data-testid="rescue-offline"
        />
      </label>
    </fieldset>
  )
}

/** Hours of follower silence, after the team's reply, before the relay resolves; empty: never. */
export function AutoResolveField({
  hours,
  onChange,
}: {
  hours: number | null
  onChange: (hours: number | null) => void
}) {
  const { t } = useTranslation()
  const [text, setText] = useState(hours === null ? '' : String(hours))
  return (
    <label className="field field--inline window-rescue__resolve">
      <span>{t('admin.autoResolve')}</span>
      <input
        type="number"
        min={1}
        max={720}
        className="admin-input admin-input--cap"
        value={text}
        placeholder={t('admin.rescueNever')}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const next = text.trim() === '' ? null : minutesOf(text, 1, 720)
          if (next === null && text.trim() !== '') setText(hours === null ? '' : String(hours))
          else if (next !== hours) onChange(next)
        }}
        data-testid="auto-resolve-hours"
      />
    </label>
  )
}
