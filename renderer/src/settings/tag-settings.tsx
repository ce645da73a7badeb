import { useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Tag } from '../../../common/domain/conversation.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { AccountLimitPicker } from './account-limit-picker.js'

const TAG_COLOURS = ['#2f9e44', '#1971c2', '#e8590c', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#495057']

/** The team's tags: supervisors create, rename and recolour them; agents see them. */
export function TagSettings() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const tags = useAppStore((state) => state.tags)
  const me = useAppStore((state) => state.session.user)
  const isSupervisor = me !== null && me.role !== 'agent'
  const [editing, setEditing] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="settings-section" data-testid="settings-tags">
      {isSupervisor ? (
        <TagForm
          submitLabel={t('settings.createTag')}
          initial={{ name: '', color: TAG_COLOURS[0] ?? '#2f9e44', accountKeys: [] }}
          onSave={async (tag) => {
            const result = await store.getState().createTag(tag)
            setError(result.ok ? null : result.message)
            return result.ok
          }}
        />
      ) : (
        <p className="muted">{t('settings.supervisorsOnlyTags')}</p>
      )}
      {error !== null ? <p className="form-error">{t('settings.failed', { message: error })}</p> : null}
      <div className="tag-cloud">
        {tags.map((tag) =>
          editing === tag.id ? (
            <TagForm
              key={tag.id}
              submitLabel={t('settings.saveTag')}
              initial={tag}
              onCancel={() => setEditing(null)}
              onSave={async ({ accountKeys, ...change }) => {
                // The accounts only when they changed: the audit log then says what did.
                const isSameAccounts =
                  accountKeys.length === tag.accountKeys.length &&
                  accountKeys.every((key) => tag.accountKeys.includes(key))
                const result = await store
                  .getState()
                  .updateTag({ tagId: tag.id, ...change, ...(isSameAccounts ? {} : { accountKeys }) })
                setError(result.ok ? null : result.message)
                if (result.ok) setEditing(null)
                return result.ok
              }}
            />
          ) : (
            <span key={tag.id} className="tag-chip" style={{ '--tag': tag.color } as CSSProperties}>
              {tag.name}
              {isSupervisor ? (
                <button
                  type="button"
                  className="tag-chip__edit"
                  onClick={() => setEditing(tag.id)}
                  aria-label={t('settings.editTag', { name: tag.name })}
                >
                  ✎
                </button>
              ) : null}
            </span>
          ),
        )}
      </div>
    </div>
  )
}

/** A tag's name and colour, for a new tag or an existing one. */
function TagForm(props: {
  readonly initial: Pick<Tag, 'name' | 'color' | 'accountKeys'>
  readonly submitLabel: string
  /** Answers whether it was saved: a new tag's form then empties. */
  readonly onSave: (tag: { name: string; color: string; accountKeys: string[] }) => Promise<boolean>
  readonly onCancel?: () => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState(props.initial.name)
  const [color, setColor] = useState(props.initial.color)
  const [accountKeys, setAccountKeys] = useState<string[]>([...props.initial.accountKeys])
  return (
    <form
      className="settings-form"
      onSubmit={async (event) => {
        event.preventDefault()
        const isSaved = await props.onSave({ name: name.trim(), color, accountKeys })
        if (isSaved && props.onCancel === undefined) {
          setName('')
          setAccountKeys([])
        }
      }}
    >
      <label className="field field--grow">
        <span className="field__label">{t('settings.tagName')}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={32} />
      </label>
      <div className="field">
        <span className="field__label">{t('settings.tagColor')}</span>
        <div className="swatches">
          {TAG_COLOURS.map((each) => (
            <button
              key={each}
              type="button"
              className={`swatch${each === color.toLowerCase() ? ' is-active' : ''}`}
              style={{ '--tag': each } as CSSProperties}
              onClick={() => setColor(each)}
              aria-label={each}
            />
          ))}
        </div>
      </div>
      <AccountLimitPicker
        value={accountKeys}
        onChange={setAccountKeys}
        hint={t('settings.tagAccountsHint')}
      />
      <button type="submit" className="button button--primary" disabled={name.trim() === ''}>
        {props.submitLabel}
      </button>
      {props.onCancel !== undefined ? (
        <button type="button" className="button" onClick={props.onCancel}>
          {t('settings.cancel')}
        </button>
      ) : null}
    </form>
  )
}
