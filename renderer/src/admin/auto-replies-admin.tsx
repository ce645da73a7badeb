import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AutoReplyRules } from '../../../common/relay/auto-reply-rules.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

type Keyword = AutoReplyRules['keywords'][number]

/** A reply's text: shown in the preview while it has focus or is typed. */
function ReplyText(props: {
  readonly value: string
  readonly onChange: (text: string) => void
  readonly onPreview: (text: string) => void
  readonly testId: string
  readonly className?: string
  readonly placeholder?: string
  /** For a field inside a row, with no label of its own. */
  readonly isUnlabelled?: boolean
}) {
  const { t } = useTranslation()
  return (
    <textarea
      className={props.className ?? 'admin-input'}
      rows={2}
      value={props.value}
      {...(props.isUnlabelled === true ? { 'aria-label': t('autoReplies.text') } : {})}
      {...(props.placeholder === undefined ? {} : { placeholder: props.placeholder })}
      onFocus={() => props.onPreview(props.value)}
      onChange={(event) => {
        props.onPreview(event.target.value)
        props.onChange(event.target.value)
      }}
      data-testid={props.testId}
    />
  )
}

/** A list of key → text pairs (QR scenes, menu keys) as rows an admin adds to and removes from. */
function PairRows(props: {
  readonly pairs: Readonly<Record<string, string>>
  readonly keyLabel: string
  readonly onChange: (pairs: Record<string, string>) => void
  readonly onFocusText: (text: string) => void
  readonly testId: string
}) {
  const { t } = useTranslation()
  const [rows, setRows] = useState(() => Object.entries(props.pairs))
  // Rules loaded anew (another account, a save) replace the rows; the rows' own edits do not, so a row
  // still without its key stays while its text is typed.
  useEffect(() => {
    setRows((current) =>
      JSON.stringify(Object.fromEntries(current.filter(([key]) => key.trim() !== ''))) ===
      JSON.stringify(props.pairs)
        ? current
        : Object.entries(props.pairs),
    )
  }, [props.pairs])
  const commit = (next: [string, string][]) => {
    setRows(next)
    props.onChange(Object.fromEntries(next.filter(([key]) => key.trim() !== '')))
  }
  return (
    <div className="auto-reply-rows" data-testid={props.testId}>
      {rows.map(([key, text], index) => (
        <div key={index} className="auto-reply-row">
          <input
            className="admin-input auto-reply-row__key"
            value={key}
            placeholder={props.keyLabel}
            aria-label={props.keyLabel}
            onChange={(event) =>
              commit(rows.map((row, at) => (at === index ? [event.target.value, row[1]] : row)))
            }
            data-testid={`${props.testId}-key`}
          />
          <ReplyText
            className="admin-input auto-reply-row__text"
            isUnlabelled
            value={text}
            onPreview={props.onFocusText}
            onChange={(next) => commit(rows.map((row, at) => (at === index ? [row[0], next] : row)))}
            testId={`${props.testId}-text`}
          />
          <button
            type="button"
            className="link-button"
            onClick={() => commit(rows.filter((_, at) => at !== index))}
          >
            {t('admin.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => setRows([...rows, ['', '']])}
        data-testid={`${props.testId}-add`}
      >
        {t('autoReplies.add')}
      </button>
    </div>
  )
}

/** Keyword rules in the order they are tried (exact matches win over contains, then this order). */
function KeywordRows(props: {
  readonly keywords: readonly Keyword[]
  readonly onChange: (keywords: Keyword[]) => void
  readonly onFocusText: (text: string) => void
}) {
  const { t } = useTranslation()
  const { keywords, onChange } = props
  const edit = (index: number, patch: Partial<Keyword>) =>
    onChange(keywords.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)))
  const move = (index: number, by: number) => {
    const next = [...keywords]
    const [rule] = next.splice(index, 1)
    next.splice(index + by, 0, rule!)
    onChange(next)
  }
  return (
    <div className="auto-reply-rows" data-testid="auto-reply-keywords">
      {keywords.map((rule, index) => (
        <div key={index} className="auto-reply-row">
          <select
            value={rule.match}
            onChange={(event) => edit(index, { match: event.target.value as Keyword['match'] })}
            aria-label={t('autoReplies.match')}
          >
            <option value="exact">{t('autoReplies.exact')}</option>
            <option value="contains">{t('autoReplies.contains')}</option>
          </select>
          <input
            className="admin-input auto-reply-row__key"
            value={rule.keyword}
            aria-label={t('autoReplies.keyword')}
            placeholder={t('autoReplies.keyword')}
            onChange={(event) => edit(index, { keyword: event.target.value })}
            data-testid="auto-reply-keyword"
          />
          <ReplyText
            className="admin-input auto-reply-row__text"
            isUnlabelled
            value={rule.text}
            onPreview={props.onFocusText}
            onChange={(text) => edit(index, { text })}
            testId="auto-reply-keyword-text"
          />
          <button
            type="button"
            className="link-button"
            disabled={index === 0}
            onClick={() => move(index, -1)}
            aria-label={t('autoReplies.up')}
          >
            ↑
          </button>
          <button
            type="button"
            className="link-button"
            disabled={index === keywords.length - 1}
            onClick={() => move(index, 1)}
            aria-label={t('autoReplies.down')}
          >
            ↓
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange(keywords.filter((_, at) => at !== index))}
          >
            {t('admin.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => onChange([...keywords, { match: 'exact', keyword: '', text: '' }])}
        data-testid="auto-reply-keyword-add"
      >
        {t('autoReplies.add')}
      </button>
    </div>
  )
}

/** What the follower sees: the reply as a bubble from the account at the bottom of a WeChat chat. */
function Preview({ text }: { readonly text: string }) {
  const { t } = useTranslation()
  return (
    <aside
      className="auto-reply-preview"
      aria-label={t('autoReplies.preview')}
      data-testid="auto-reply-preview"
    >
      <span className="field__label">{t('autoReplies.preview')}</span>
      <div className="auto-reply-preview__chat">
        {text.trim() === '' ? (
          <span className="muted small">{t('autoReplies.previewEmpty')}</span>
        ) : (
          <div className="auto-reply-preview__bubble">{text}</div>
        )}
      </div>
    </aside>
  )
}

/**
 * The auto-replies of every account, or of one account that keeps its own: the welcome by QR scene
 * (and the default one), menu-click replies, keyword rules in order, and the off-hours reply. Saved
 * whole to the relay, which checks them and answers in plain words what it refuses.
 */
export function AutoRepliesAdmin() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const accounts = useAppStore((state) => state.session.accounts ?? [])
  const stored = useAppStore((state) => state.autoReplies)
  const [accountKey, setAccountKey] = useState<string | null>(null)
  const [draft, setDraft] = useState<AutoReplyRules | null>(null)
  const [previewText, setPreviewText] = useState('')
  const [message, setMessage] = useState<{ readonly isError: boolean; readonly text: string } | null>(null)
  useEffect(() => {
    setDraft(null)
    void store
      .getState()
      .loadAutoReplies(accountKey)
      .then((result) => setMessage(result.ok ? null : { isError: true, text: result.message }))
  }, [store, accountKey])
  useEffect(() => {
    if (stored !== null && stored.accountKey === accountKey) setDraft(stored.rules)
  }, [stored, accountKey])
  if (draft === null) return <p className="muted">{t('autoReplies.loading')}</p>
  const edit = (patch: Partial<AutoReplyRules>) => setDraft({ ...draft, ...patch })
  const save = async () => {
    // Said in plain words before the relay is asked: a rule without its keyword or its reply.
    const isIncomplete =
      draft.keywords.some((rule) => rule.keyword.trim() === '' || rule.text.trim() === '') ||
      [...Object.values(draft.welcome.byScene), ...Object.values(draft.menu)].some(
        (text) => text.trim() === '',
      )
    if (isIncomplete) {
      setMessage({ isError: true, text: t('autoReplies.incomplete') })
      return
    }
    const result = await store.getState().saveAutoReplies(accountKey, draft)
    setMessage(
      result.ok ? { isError: false, text: t('autoReplies.saved') } : { isError: true, text: result.message },
    )
  }
  return (
    <section className="admin-section auto-replies" data-testid="admin-auto-replies">
      <div className="auto-replies__head">
        {accounts.length > 1 ? (
          <label className="field field--inline">
            <span>{t('autoReplies.account')}</span>
            <select
              value={accountKey ?? ''}
              onChange={(event) => setAccountKey(event.target.value === '' ? null : event.target.value)}
              data-testid="auto-reply-account"
            >
              <option value="">{t('autoReplies.everyAccount')}</option>
              {accounts.map((account) => (
                <option key={account.key} value={account.key}>
                  {account.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {stored?.isInherited === true ? (
          <span className="muted small">{t('autoReplies.inherited')}</span>
        ) : null}
      </div>
      <div className="auto-replies__body">
        <div className="auto-replies__rules">
          <h2 className="board-card__title">{t('autoReplies.welcome')}</h2>
          <label className="field">
            <span>{t('autoReplies.defaultWelcome')}</span>
            <ReplyText
              value={draft.welcome.defaultText ?? ''}
              placeholder={t('autoReplies.noWelcome')}
              onPreview={setPreviewText}
              onChange={(text) =>
                edit({ welcome: { ...draft.welcome, defaultText: text.trim() === '' ? null : text } })
              }
              testId="auto-reply-default-welcome"
            />
          </label>
          <span className="field__label">{t('autoReplies.byScene')}</span>
          <PairRows
            pairs={draft.welcome.byScene}
            keyLabel={t('autoReplies.scene')}
            onChange={(byScene) => edit({ welcome: { ...draft.welcome, byScene } })}
            onFocusText={setPreviewText}
            testId="auto-reply-scene"
          />
          <h2 className="board-card__title">{t('autoReplies.menu')}</h2>
          <PairRows
            pairs={draft.menu}
            keyLabel={t('autoReplies.menuKey')}
            onChange={(menu) => edit({ menu })}
            onFocusText={setPreviewText}
            testId="auto-reply-menu"
          />
          <h2 className="board-card__title">{t('autoReplies.keywords')}</h2>
          <KeywordRows
            keywords={draft.keywords}
            onChange={(keywords) => edit({ keywords })}
            onFocusText={setPreviewText}
          />
          <h2 className="board-card__title">{t('autoReplies.offHours')}</h2>
          <span className="field__hint block">{t('autoReplies.offHoursHint')}</span>
          <label className="field field--inline">
            <span>{t('autoReplies.offHoursEnabled')}</span>
            <input
              type="checkbox"
              checked={draft.offHours.isEnabled}
              onChange={(event) => edit({ offHours: { ...draft.offHours, isEnabled: event.target.checked } })}
              data-testid="auto-reply-off-hours-enabled"
            />
          </label>
          <label className="field">
            <span>{t('autoReplies.text')}</span>
            <ReplyText
              value={draft.offHours.text}
              onPreview={setPreviewText}
              onChange={(text) => edit({ offHours: { ...draft.offHours, text } })}
              testId="auto-reply-off-hours-text"
            />
          </label>
        </div>
        <Preview text={previewText} />
      </div>
      <div className="auto-replies__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void save()}
          data-testid="auto-reply-save"
        >
          {t('autoReplies.save')}
        </button>
        {message === null ? null : (
          <span
            className={message.isError ? 'form-error' : 'muted'}
            role={message.isError ? 'alert' : 'status'}
            data-testid="auto-reply-message"
          >
            {message.text}
          </span>
        )}
      </div>
    </section>
  )
}
