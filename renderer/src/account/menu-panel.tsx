import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  MENU_BUTTON_TYPES,
  MENU_LIMITS,
  menuProblemsOf,
  shownNameOf,
  type Menu,
  type MenuButton,
  type MenuProblem,
} from '../../../common/domain/menu.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** The fields a button of this type needs besides its name. */
function TypeFields(props: { readonly button: MenuButton; readonly onChange: (button: MenuButton) => void }) {
  const { t } = useTranslation()
  const { button, onChange } = props
  const text = (field: 'key' | 'url' | 'appid' | 'pagepath', label: string) => (
    <input
      className="admin-input"
      value={button[field] ?? ''}
      placeholder={label}
      aria-label={label}
      onChange={(event) => onChange({ ...button, [field]: event.target.value })}
      data-testid={`menu-${field}`}
    />
  )
  if (button.type === 'view') return text('url', t('menu.url'))
  if (button.type === 'miniprogram')
    return (
      <>
        {text('appid', t('menu.appid'))}
        {text('pagepath', t('menu.pagepath'))}
        {text('url', t('menu.fallbackUrl'))}
      </>
    )
  return text('key', t('menu.key'))
}

/** One button: its name and type, or (for a top button) a group of sub-buttons. */
function ButtonEditor(props: {
  readonly button: MenuButton
  readonly isSub: boolean
  readonly onChange: (button: MenuButton) => void
  readonly onRemove: () => void
  readonly menuReplyKeys: readonly string[] | null
}) {
  const { t } = useTranslation()
  const { button, onChange, isSub } = props
  const isGroup = !isSub && button.sub_button !== undefined
  const subs = button.sub_button ?? []
  return (
    <div
      className={`menu-button${isSub ? ' menu-button--sub' : ''}`}
      data-testid={isSub ? 'menu-sub-button' : 'menu-button'}
    >
      <div className="menu-button__line">
        <input
          className="admin-input"
          value={button.name}
          placeholder={t('menu.name')}
          aria-label={t('menu.name')}
          onChange={(event) => onChange({ ...button, name: event.target.value })}
          data-testid="menu-name"
        />
        {isGroup ? null : (
          <>
            <select
              value={button.type ?? 'click'}
              onChange={(event) => onChange({ name: button.name, type: event.target.value })}
              aria-label={t('menu.type')}
              data-testid="menu-type"
            >
              {MENU_BUTTON_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`menu.types.${type}`)}
                </option>
              ))}
            </select>
            <TypeFields button={button} onChange={onChange} />
            {button.type === 'click' &&
            button.key !== undefined &&
            button.key !== '' &&
            props.menuReplyKeys !== null ? (
              <span className="muted small" data-testid="menu-reply-link">
                {props.menuReplyKeys.includes(button.key) ? t('menu.hasReply') : t('menu.noReply')}
              </span>
            ) : null}
          </>
        )}
        {!isSub ? (
          <button
            type="button"
            className="link-button"
            onClick={() =>
              onChange(
                isGroup
                  ? { name: button.name, type: 'click', key: '' }
                  : { name: button.name, sub_button: [] },
              )
            }
          >
            {isGroup ? t('menu.makeButton') : t('menu.makeGroup')}
          </button>
        ) : null}
        <button type="button" className="link-button" onClick={props.onRemove}>
          {t('admin.remove')}
        </button>
      </div>
      {isGroup ? (
        <div className="menu-button__subs">
          {subs.map((sub, index) => (
            <ButtonEditor
              key={index}
              button={sub}
              isSub
              menuReplyKeys={props.menuReplyKeys}
              onChange={(next) =>
                onChange({ ...button, sub_button: subs.map((each, at) => (at === index ? next : each)) })
              }
              onRemove={() => onChange({ ...button, sub_button: subs.filter((_, at) => at !== index) })}
            />
          ))}
          {subs.length < MENU_LIMITS.subButtons ? (
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                onChange({ ...button, sub_button: [...subs, { name: '', type: 'click', key: '' }] })
              }
              data-testid="menu-add-sub"
            >
              {t('menu.addSub')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/** The bottom of a WeChat chat: the keyboard toggle, then the top buttons, each cut as the client cuts it. */
function MenuPreview({ menu }: { readonly menu: Menu }) {
  const { t } = useTranslation()
  return (
    <div className="menu-preview" aria-label={t('menu.preview')} data-testid="menu-preview">
      <span className="menu-preview__keyboard" aria-hidden>
        ⌨
      </span>
      {menu.button.map((button, index) => (
        <span key={index} className="menu-preview__button">
          {button.sub_button !== undefined ? '≡ ' : ''}
          {shownNameOf(button.name, false) || '…'}
        </span>
      ))}
    </div>
  )
}

function problemText(
  t: (key: string, options?: Record<string, unknown>) => string,
  problem: MenuProblem,
): string {
  const where =
    problem.top === null
      ? ''
      : problem.sub === null
        ? t('menu.whereTop', { top: problem.top + 1 })
        : t('menu.whereSub', { top: problem.top + 1, sub: problem.sub + 1 })
  return `${where}${t(`menu.problems.${problem.code}`)}`
}

/** The service-account menu: edited, checked as it is typed by WeChat's rules, made, read back, deleted. */
export function MenuPanel({ accountKey }: { readonly accountKey: string }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  // Admins read the menu replies (auto-replies are theirs): others see no link for a click key.
  const isAdmin = useAppStore((state) => state.session.user?.role === 'admin')
  const menuReplies = useAppStore((state) => (isAdmin ? (state.autoReplies?.rules.menu ?? null) : null))
  const menuReplyKeys = menuReplies === null ? null : Object.keys(menuReplies)
  const [menu, setMenu] = useState<Menu | null>(null)
  const [message, setMessage] = useState<{ readonly isError: boolean; readonly text: string } | null>(null)
  useEffect(() => {
    if (isAdmin) void store.getState().loadAutoReplies(accountKey)
    void store
      .getState()
      .loadMenu(accountKey)
      .then((result) => {
        if (result.ok) setMenu(result.menu ?? { button: [] })
        else setMessage({ isError: true, text: result.message })
      })
  }, [store, accountKey, isAdmin])
  if (menu === null)
    return message === null ? (
      <p className="muted">{t('menu.loading')}</p>
    ) : (
      <p className="form-error">{message.text}</p>
    )
  const problems = menuProblemsOf(menu)
  const run = async (work: () => Promise<{ ok: boolean; message?: string }>, done: string) => {
    const result = await work()
    setMessage(result.ok ? { isError: false, text: done } : { isError: true, text: result.message ?? '' })
  }
  return (
    <section className="board-card menu-panel" data-testid="menu-panel">
      <h2 className="board-card__title">{t('menu.title')}</h2>
      <p className="field__hint">{t('menu.hint')}</p>
      <div className="menu-panel__body">
        <div className="menu-panel__buttons">
          {menu.button.map((button, index) => (
            <ButtonEditor
              key={index}
              button={button}
              isSub={false}
              menuReplyKeys={menuReplyKeys}
              onChange={(next) =>
                setMenu({ button: menu.button.map((each, at) => (at === index ? next : each)) })
              }
              onRemove={() => setMenu({ button: menu.button.filter((_, at) => at !== index) })}
            />
          ))}
          {menu.button.length < MENU_LIMITS.topButtons ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => setMenu({ button: [...menu.button, { name: '', type: 'click', key: '' }] })}
              data-testid="menu-add"
            >
              {t('menu.add')}
            </button>
          ) : null}
        </div>
        <MenuPreview menu={menu} />
      </div>
      {problems.length === 0 ? null : (
        <ul className="menu-problems" data-testid="menu-problems">
          {problems.map((problem, index) => (
            <li key={index}>{problemText(t, problem)}</li>
          ))}
        </ul>
      )}
      <div className="auto-replies__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={problems.length > 0}
          onClick={() => void run(() => store.getState().saveMenu(accountKey, menu), t('menu.saved'))}
          data-testid="menu-save"
        >
          {t('menu.save')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            void run(async () => {
              const result = await store.getState().deleteMenu(accountKey)
              if (result.ok) setMenu({ button: [] })
              return result
            }, t('menu.deleted'))
          }
          data-testid="menu-delete"
        >
          {t('menu.delete')}
        </button>
        {message === null ? null : (
          <span
            className={message.isError ? 'form-error' : 'muted'}
            role={message.isError ? 'alert' : 'status'}
            data-testid="menu-message"
          >
            {message.text}
          </span>
        )}
      </div>
    </section>
  )
}
