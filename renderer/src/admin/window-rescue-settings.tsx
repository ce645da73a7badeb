import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_WINDOW_RESCUE, type WindowRescuePolicy } from '../../../common/domain/window-rescue.js'

/** Whole numbers within `min`..`max`, or null for an empty or out-of-range entry. */
function wholeOf(text: string, min: number, max: number): number | null {
  const value = Number(text)
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null
}

/**
 * A labelled whole-number setting saved when the field is left: an entry out of range goes back to the
 * value in force; with `isOptional`, an empty field saves null (its placeholder says what null means).
 */
export function WholeNumberField({
  label,
  value,
  min,
  max,
  isOptional = false,
  placeholder,
  onSave,
  testId,
  className = 'field field--inline',
}: {
  label: string
  value: number | null
  min: number
  max: number
  isOptional?: boolean
  placeholder?: string
  onSave: (value: number | null) => void
  testId: string
  className?: string
}) {
  const [text, setText] = useState(value === null ? '' : String(value))
  return (
    <label className={className}>
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        className="admin-input admin-input--cap"
        value={text}
        {...(placeholder === undefined ? {} : { placeholder })}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const next = isOptional && text.trim() === '' ? null : wholeOf(text, min, max)
          if (next === null && !(isOptional && text.trim() === ''))
            setText(value === null ? '' : String(value))
          else if (next !== value) onSave(next)
        }}
        data-testid={testId}
      />
    </label>
  )
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
  const save = (patch: Partial<WindowRescuePolicy>): void => {
    const next = { ...current, ...patch }
    if (JSON.stringify(next) !== JSON.stringify(current)) onChange(next)
  }
  return (
    <fieldset className="window-rescue" data-testid="window-rescue">
      <legend className="field__label">{t('admin.rescueTitle')}</legend>
      <span className="field__hint block">{t('admin.rescueHint')}</span>
      <WholeNumberField
        label={t('admin.rescueMinutes')}
        value={current.minutesBefore}
        min={5}
        max={1440}
        onSave={(minutesBefore) => minutesBefore !== null && save({ minutesBefore })}
        testId="rescue-minutes"
      />
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
      <WholeNumberField
        label={t('admin.rescueOffline')}
        value={current.reclaimOfflineAfterMinutes}
        min={5}
        max={10_080}
        isOptional
        placeholder={t('admin.rescueNever')}
        onSave={(reclaimOfflineAfterMinutes) => save({ reclaimOfflineAfterMinutes })}
        testId="rescue-offline"
      />
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
  return (
    <WholeNumberField
      label={t('admin.autoResolve')}
      value={hours}
      min={1}
      max={720}
      isOptional
      placeholder={t('admin.rescueNever')}
      onSave={onChange}
      testId="auto-resolve-hours"
      className="field field--inline window-rescue__resolve"
    />
  )
}
