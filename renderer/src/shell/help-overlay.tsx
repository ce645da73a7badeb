import { useTranslation } from 'react-i18next'
import { Icon } from './icon.js'

const SHORTCUTS: readonly { readonly keys: readonly string[]; readonly label: string }[] = [
  { keys: ['J', 'Alt ↓'], label: 'help.next' },
  { keys: ['K', 'Alt ↑'], label: 'help.previous' },
  { keys: ['R'], label: 'help.focusComposer' },
  { keys: ['/'], label: 'help.canned' },
  { keys: ['N'], label: 'help.note' },
  { keys: ['E'], label: 'help.resolve' },
  { keys: ['A'], label: 'help.claim' },
  { keys: ['Ctrl K'], label: 'help.search' },
  { keys: ['Enter'], label: 'help.send' },
  { keys: ['Shift Enter'], label: 'help.newline' },
  { keys: ['?'], label: 'help.help' },
]

/** The `?` overlay listing every shortcut. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('help.title')}
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <div className="dialog" data-testid="help">
        <header className="dialog__header">
          <h2>{t('help.title')}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('help.close')}>
            <Icon name="close" />
          </button>
        </header>
        <dl className="shortcut-list">
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.label}>
              <dt>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </dt>
              <dd>{t(shortcut.label)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  )
}
