import { useEffect, type ReactNode } from 'react'
import { Icon } from './icon.js'

/**
 * The modal frame every dialog shares: a backdrop that closes it, Escape that closes it, and a title
 * bar with a close button. With `onSubmit` the body is a form, so Enter submits it.
 */
export function DialogFrame({
  title,
  closeLabel,
  onClose,
  onSubmit,
  className = 'dialog',
  testId,
  children,
}: {
  title: string
  closeLabel: string
  onClose: () => void
  onSubmit?: () => void
  className?: string
  testId: string
  children: ReactNode
}) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [onClose])
  const header = (
    <header className="dialog__header">
      <h2>{title}</h2>
      <button type="button" className="icon-button" onClick={onClose} aria-label={closeLabel}>
        <Icon name="close" />
      </button>
    </header>
  )
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label={title}
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      {onSubmit === undefined ? (
        <div className={className} data-testid={testId}>
          {header}
          {children}
        </div>
      ) : (
        <form
          className={className}
          data-testid={testId}
          onSubmit={(event) => {
            event.preventDefault()
            onSubmit()
          }}
        >
          {header}
          {children}
        </form>
      )}
    </div>
  )
}
