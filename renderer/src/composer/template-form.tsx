import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { conversationKeyOf } from '../../../common/domain/account.js'
import { templatePreviewOf } from '../../../common/relay/template-schemas.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/**
 * A template message for a closed window: picked from the account's own templates (its form built from
 * the template's fields, with a preview as the follower reads it), or by id; optional link.
 */
export function TemplateForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const { accountKey } = conversationKeyOf(conversationId)
  const templates = useAppStore((state) => state.accountTemplates[accountKey] ?? null)
  const [listError, setListError] = useState<string | null>(null)
  useEffect(() => {
    void store
      .getState()
      .loadAccountTemplates(accountKey)
      .then((result) => setListError(result.ok ? null : result.message))
  }, [store, accountKey])
  const [templateId, setTemplateId] = useState('')
  const [url, setUrl] = useState('')
  const [fields, setFields] = useState<readonly { key: string; value: string }[]>([
    { key: 'first', value: '' },
  ])
  const [error, setError] = useState<string | null>(null)
  const [isSending, setSending] = useState(false)
  const chosen = templates?.find((template) => template.templateId === templateId) ?? null
  const labelOf = (key: string) => chosen?.fields.find((field) => field.key === key)?.label ?? key
  const choose = (id: string): void => {
    setTemplateId(id)
    const template = templates?.find((each) => each.templateId === id)
    if (template !== undefined) setFields(template.fields.map((field) => ({ key: field.key, value: '' })))
  }
  const setField = (index: number, patch: Partial<{ key: string; value: string }>): void =>
    setFields(fields.map((field, at) => (at === index ? { ...field, ...patch } : field)))
  const submit = async (): Promise<void> => {
    if (templateId.trim() === '') {
      setError(t('template.needsId'))
      return
    }
    setSending(true)
    const data = Object.fromEntries(
      fields
        .filter((field) => field.key.trim() !== '')
        .map((field) => [field.key.trim(), { value: field.value }]),
    )
    const result = await store.getState().sendTemplate(conversationId, {
      templateId: templateId.trim(),
      ...(url.trim() === '' ? {} : { url: url.trim() }),
      data,
    })
    setSending(false)
    if (result.ok) onDone()
    else setError(result.message)
  }
  return (
    <form
      className="template-form"
      data-testid="template-form"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <div className="template-form__title">{t('template.title')}</div>
      {templates !== null && templates.length > 0 ? (
        <label className="field">
          <span className="field__label">{t('template.fromList')}</span>
          <select
            value={chosen?.templateId ?? ''}
            onChange={(event) => choose(event.target.value)}
            data-testid="template-pick"
          >
            <option value="">—</option>
            {templates.map((template) => (
              <option key={template.templateId} value={template.templateId}>
                {template.title}
              </option>
            ))}
          </select>
        </label>
      ) : listError !== null ? (
        <span className="muted small">{t('template.listFailed', { message: listError })}</span>
      ) : null}
      <div className="template-form__grid">
        <label className="field">
          <span className="field__label">{t('template.templateId')}</span>
          <input
            value={templateId}
            onChange={(event) => setTemplateId(event.target.value)}
            data-testid="template-id"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('template.url')}</span>
          <input value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://" />
        </label>
      </div>
      <div className="field__label">{t('template.fields')}</div>
      {fields.map((field, index) => (
        <div className="template-form__row" key={index}>
          <input
            aria-label={t('template.key')}
            placeholder={t('template.key')}
            value={field.key}
            onChange={(event) => setField(index, { key: event.target.value })}
          />
          <input
            aria-label={chosen === null ? t('template.value') : labelOf(field.key)}
            placeholder={chosen === null ? t('template.value') : labelOf(field.key)}
            data-testid={`template-value-${field.key}`}
            value={field.value}
            onChange={(event) => setField(index, { value: event.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('template.remove')}
            onClick={() => setFields(fields.filter((_, at) => at !== index))}
          >
            ×
          </button>
        </div>
      ))}
      {chosen === null ? null : (
        <div className="template-form__preview" data-testid="template-preview">
          <span className="field__label">{t('template.preview')}</span>
          <div className="template-form__card">
            <strong>{chosen.title}</strong>
            <span>
              {templatePreviewOf(
                chosen.content,
                Object.fromEntries(fields.map((field) => [field.key, field.value])),
              )}
            </span>
          </div>
        </div>
      )}
      <div className="template-form__actions">
        <button
          type="button"
          className="link-button"
          onClick={() => setFields([...fields, { key: '', value: '' }])}
        >
          + {t('template.addField')}
        </button>
        <span className="spacer" />
        {error !== null ? <span className="form-error">{error}</span> : null}
        <button type="button" className="button" onClick={onDone}>
          {t('template.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={isSending}>
          {t('template.send')}
        </button>
      </div>
    </form>
  )
}
