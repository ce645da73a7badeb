import type { ReactNode } from 'react'

/** One labelled field of a composer dialog, in the house's field style. */
export function FormField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      {children}
    </label>
  )
}

/** A labelled one-line text field. */
export function TextField({
  label,
  value,
  placeholder,
  onChange,
  testId,
}: {
  label: string
  value: string
  placeholder?: string
  onChange: (value: string) => void
  testId: string
}) {
  return (
    <FormField label={label}>
      <input
        value={value}
        {...(placeholder === undefined ? {} : { placeholder })}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </FormField>
  )
}

/** A dialog's closing row: cancel, and the submit button. */
export function DialogActions({
  cancelLabel,
  submitLabel,
  onCancel,
  isDisabled = false,
  error,
  testId,
}: {
  cancelLabel: string
  submitLabel: string
  onCancel: () => void
  isDisabled?: boolean
  error?: string | null
  testId: string
}) {
  return (
    <>
      {error === null || error === undefined ? null : (
        <p className="form-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      )}
      <div className="field__row field__row--end">
        <button type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="submit" className="button button--primary" disabled={isDisabled} data-testid={testId}>
          {submitLabel}
        </button>
      </div>
    </>
  )
}
