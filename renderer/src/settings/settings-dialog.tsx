import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotificationPreferences } from '../../../common/ipc/channels.js'
import { LANGUAGES, type Language } from '../i18n/create-i18n.js'
import type { ThemeChoice } from '../shell/preferences.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { CannedCardMark, CannedPicture, PICTURE_TYPES } from '../composer/canned-picture.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import { Icon } from '../shell/icon.js'
import { readImage } from '../shell/read-image.js'
import { CannedCardFields, cardOf, NO_CARD, type CardDraft } from './canned-card-fields.js'
import type { ImageFile } from '../store/slices/messages-slice.js'
import { AccountLimitPicker } from './account-limit-picker.js'
import { TagSettings } from './tag-settings.js'

type Tab = 'canned' | 'tags' | 'preferences'

function CannedSettings() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const responses = useAppStore((state) => state.cannedResponses)
  const me = useAppStore((state) => state.session.user)
  const isSupervisor = me !== null && me.role !== 'agent'
  const [shortCode, setShortCode] = useState('')
  const [body, setBody] = useState('')
  const [isTeam, setTeam] = useState(false)
  const [accountKeys, setAccountKeys] = useState<string[]>([])
  const [picture, setPicture] = useState<ImageFile | null>(null)
  const [card, setCard] = useState<CardDraft>(NO_CARD)
  // Bumped to clear the file input, which React cannot set to empty.
  const [pictureInputKey, setPictureInputKey] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const clearPicture = (): void => {
    setPicture(null)
    setPictureInputKey((key) => key + 1)
  }
  const create = async (): Promise<void> => {
    const result = await store.getState().createCannedResponse({
      shortCode: shortCode.trim(),
      body,
      isTeam: isSupervisor && isTeam,
      accountKeys,
      ...(picture === null ? {} : { image: { fileName: picture.fileName, dataBase64: picture.dataBase64 } }),
      ...cardOf(card),
    })
    if (result.ok) {
      setShortCode('')
      setBody('')
      setAccountKeys([])
      setCard(NO_CARD)
      clearPicture()
      setError(null)
    } else setError(result.message)
  }
  const groups = [
    {
      title: t('settings.teamReplies'),
      items: responses.filter((response) => response.ownerUsername === null),
      canDelete: isSupervisor,
      empty: t('settings.noTeamReplies'),
    },
    {
      title: t('settings.personalReplies'),
      items: responses.filter((response) => response.ownerUsername !== null),
      canDelete: true,
      empty: t('settings.noPersonalReplies'),
    },
  ]
  return (
    <div className="settings-section" data-testid="settings-canned">
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault()
          void create()
        }}
      >
        <label className="field field--narrow">
          <span className="field__label">{t('settings.shortCode')}</span>
          <input
            value={shortCode}
            onChange={(event) => setShortCode(event.target.value)}
            placeholder="thanks"
            data-testid="canned-code"
          />
        </label>
        <label className="field field--grow">
          <span className="field__label">{t('settings.body')}</span>
          <textarea
            rows={2}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            data-testid="canned-body"
          />
          <span className="field__hint">
            {card.type === 'news'
              ? t('settings.newsBodyHint')
              : card.type === 'miniprogrampage'
                ? t('settings.miniprogramHint')
                : picture === null
                  ? t('settings.bodyHint', { first: '{{follower.name}}', second: '{{agent.name}}' })
                  : t('settings.pictureHint')}
          </span>
        </label>
        <div className="settings-form__side">
          <CannedCardFields card={card} onChange={setCard} />
          {card.type === 'news' ? null : picture === null ? (
            <label className="link-button" title={t('settings.pictureHint')}>
              <Icon name="image" /> {t('settings.picture')}
              <input
                key={pictureInputKey}
                type="file"
                accept={PICTURE_TYPES}
                hidden
                data-testid="canned-picture-input"
                onChange={(event) => {
                  const file = event.target.files?.[0]
                  if (file === undefined) return
                  readImage(file).then(setPicture, (caught: unknown) =>
                    setError(caught instanceof Error ? caught.message : String(caught)),
                  )
                }}
              />
            </label>
          ) : (
            <span className="canned-picture" data-testid="canned-picture-chosen">
              <Icon name="image" /> {picture.fileName}
              <button
                type="button"
                className="link-button"
                onClick={clearPicture}
                aria-label={t('settings.removePicture')}
                title={t('settings.removePicture')}
              >
                ×
              </button>
            </span>
          )}
          {isSupervisor ? (
            <label className="checkbox">
              <input type="checkbox" checked={isTeam} onChange={(event) => setTeam(event.target.checked)} />{' '}
              {t('settings.isTeam')}
            </label>
          ) : (
            <span className="muted small">{t('settings.supervisorsOnlyTeam')}</span>
          )}
          <AccountLimitPicker
            value={accountKeys}
            onChange={setAccountKeys}
            hint={t('settings.cannedAccountsHint')}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={shortCode.trim() === '' || body.trim() === ''}
          >
            {t('settings.create')}
          </button>
        </div>
      </form>
      {error !== null ? <p className="form-error">{t('settings.failed', { message: error })}</p> : null}
      {responses.length === 0 ? <p className="muted">{t('settings.noCanned')}</p> : null}
      {groups.map((group) =>
        responses.length === 0 ? null : (
          <div key={group.title}>
            <h3 className="panel-subtitle">{group.title}</h3>
            {group.items.length === 0 ? <p className="muted small">{group.empty}</p> : null}
            <ul className="settings-list">
              {group.items.map((response) => (
                <li key={response.id}>
                  <span className="canned-menu__code">/{response.shortCode}</span>
                  <span className="settings-list__body">
                    <CannedCardMark response={response} />
                    {response.card === null ? <CannedPicture response={response} /> : null}
                    {response.body}
                  </span>
                  {group.canDelete ? (
                    <button
                      type="button"
                      className="link-button link-button--danger"
                      onClick={() => void store.getState().deleteCannedResponse(response.id)}
                    >
                      {t('settings.delete')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
    </div>
  )
}

/** Native notifications and their sound, kept by main for this computer. */
function NotificationSettings() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const preferences = useAppStore((state) => state.notificationPreferences)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void store.getState().loadNotificationPreferences()
  }, [store])
  const change = (next: Partial<NotificationPreferences>): void => {
    store
      .getState()
      .setNotificationPreferences(next)
      .then(
        () => setError(null),
        (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
      )
  }
  return (
    <div className="field">
      <span className="field__label">{t('settings.notifications')}</span>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={preferences?.isEnabled ?? true}
          disabled={preferences === null}
          onChange={(event) => change({ isEnabled: event.target.checked })}
          data-testid="notifications-enabled"
        />{' '}
        {t('settings.notificationsEnabled')}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={preferences?.hasSound ?? true}
          disabled={preferences === null || !preferences.isEnabled}
          onChange={(event) => change({ hasSound: event.target.checked })}
          data-testid="notifications-sound"
        />{' '}
        {t('settings.notificationsSound')}
      </label>
      {error !== null ? <p className="form-error">{t('settings.failed', { message: error })}</p> : null}
    </div>
  )
}

function PreferenceSettings({
  theme,
  onTheme,
  onLanguage,
}: {
  theme: ThemeChoice
  onTheme: (theme: ThemeChoice) => void
  onLanguage: (language: Language) => void
}) {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const session = useAppStore((state) => state.session)
  return (
    <div className="settings-section" data-testid="settings-preferences">
      <NotificationSettings />
      <div className="field">
        <span className="field__label">{t('settings.language')}</span>
        <div className="segmented">
          {LANGUAGES.map((language) => (
            <button
              key={language.code}
              type="button"
              className={`segmented__option${i18n.language === language.code ? ' is-active' : ''}`}
              onClick={() => onLanguage(language.code)}
            >
              {language.name}
            </button>
          ))}
        </div>
      </div>
      <div className="field">
        <span className="field__label">{t('settings.theme')}</span>
        <div className="segmented">
          {(['light', 'dark', 'system'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className={`segmented__option${theme === choice ? ' is-active' : ''}`}
              onClick={() => onTheme(choice)}
              data-testid={`theme-${choice}`}
            >
              {t(`settings.theme${choice.charAt(0).toUpperCase()}${choice.slice(1)}`)}
            </button>
          ))}
        </div>
      </div>
      {session.user !== null ? (
        <div className="field">
          <span className="field__label">{t('settings.account')}</span>
          <p>
            {t('settings.signedInAs', {
              name: session.user.displayName,
              role: t(`roles.${session.user.role}`),
              relay: session.relayUrl ?? '',
            })}
          </p>
          <div className="row">
            <button type="button" className="button" onClick={() => void store.getState().signOut(false)}>
              {t('settings.signOut')}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => void store.getState().signOut(true)}
            >
              {t('settings.signOutWipe')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  )
}

/** Settings: canned replies (team and personal), tags (supervisors), language, theme, account. */
export function SettingsDialog({
  onClose,
  theme,
  onTheme,
  onLanguage,
}: {
  onClose: () => void
  theme: ThemeChoice
  onTheme: (theme: ThemeChoice) => void
  onLanguage: (language: Language) => void
}) {
  const { t } = useTranslation()
  const [tab, setTab] = useState<Tab>('canned')
  return (
    <DialogFrame
      title={t('settings.title')}
      closeLabel={t('settings.close')}
      onClose={onClose}
      className="dialog dialog--wide"
      testId="settings"
    >
      <div className="dialog__body dialog__body--split">
        <nav className="dialog__tabs">
          {(['canned', 'tags', 'preferences'] as const).map((each) => (
            <button
              key={each}
              type="button"
              className={`sidebar__item${tab === each ? ' is-active' : ''}`}
              onClick={() => setTab(each)}
              data-testid={`settings-tab-${each}`}
            >
              <span className="sidebar__label">{t(`settings.${each}`)}</span>
            </button>
          ))}
        </nav>
        <div className="dialog__content">
          {tab === 'canned' ? (
            <CannedSettings />
          ) : tab === 'tags' ? (
            <TagSettings />
          ) : (
            <PreferenceSettings theme={theme} onTheme={onTheme} onLanguage={onLanguage} />
          )}
        </div>
      </div>
    </DialogFrame>
  )
}
