import { useTranslation } from 'react-i18next'
import { DialogFrame } from './dialog-frame.js'

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
    <DialogFrame title={t('help.title')} closeLabel={t('help.close')} onClose={onClose} testId="help">
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
    </DialogFrame>
  )
}
