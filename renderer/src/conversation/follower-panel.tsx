import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { displayNameOf, followOriginOf, type Conversation } from '../../../common/domain/conversation.js'
import { AccountChip } from '../inbox/account-chip.js'
import { formatFullTime, formatListTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { EraseFollower } from './erase-follower.js'

/** Follow state, source, first seen, ticket and its history, and the editable remark and notes. */
export function FollowerPanel({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const [remark, setRemark] = useState(conversation.remark ?? '')
  const [notes, setNotes] = useState(conversation.notes)
  const [savedField, setSavedField] = useState<'remark' | 'notes' | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setRemark(conversation.remark ?? '')
    setNotes(conversation.notes)
  }, [conversation.id, conversation.remark, conversation.notes])
  const history = useAppStore(
    useShallow((state) =>
      (state.threads[conversation.id]?.ids ?? [])
        .map((id) => state.messagesById[id])
        .filter((message) => message?.body.type === 'activity' && message.body.action === 'status_changed'),
    ),
  )
  const users = useAppStore((state) => state.usersByName)
  // The same person in other official accounts: WeChat's unionid ties them (those this user may see).
  const linked = useAppStore(
    useShallow((state) =>
      conversation.unionId === null
        ? []
        : Object.values(state.inboxById)
            .map((item) => item.conversation)
            .filter((other) => other.unionId === conversation.unionId && other.id !== conversation.id),
    ),
  )
  const origin = followOriginOf(conversation)
  const save = async (field: 'remark' | 'notes'): Promise<void> => {
    const patch = field === 'remark' ? { remark: remark.trim() === '' ? null : remark.trim() } : { notes }
    const result = await store.getState().updateFollower(conversation.id, patch)
    setError(result.ok ? null : result.message)
    setSavedField(result.ok ? field : null)
  }
  return (
    <aside className="follower-panel" data-testid="follower-panel">
      <h2 className="panel-title">{t('follower.title')}</h2>
      <label className="field">
        <span className="field__label">{t('follower.displayName')}</span>
        <span className="field__row">
          <input
            value={remark}
            maxLength={64}
            onChange={(event) => {
              setRemark(event.target.value)
              setSavedField(null)
            }}
            onKeyDown={(event) => event.key === 'Enter' && void save('remark')}
            data-testid="remark-input"
          />
          <button
            type="button"
            className="button"
            disabled={remark === (conversation.remark ?? '')}
            onClick={() => void save('remark')}
          >
            {savedField === 'remark' ? t('follower.saved') : t('follower.save')}
          </button>
        </span>
        <span className="field__hint">{t('follower.displayNameHint')}</span>
      </label>
      <dl className="facts">
        <dt>{t('follower.followState')}</dt>
        <dd>
          <span className={`follow-state follow-state--${conversation.followState}`}>
            {t(`follower.${conversation.followState}`)}
          </span>
        </dd>
        <dt>{t('follower.sourceScene')}</dt>
        <dd data-testid="follower-origin" data-origin={origin.kind}>
          {origin.kind === 'scene' ? (
            origin.scene
          ) : (
            <span className="muted">
              {t(origin.kind === 'unknown' ? 'follower.originUnknown' : 'follower.noScene')}
            </span>
          )}
        </dd>
        <dt>{t('follower.firstSeen')}</dt>
        <dd>{formatFullTime(conversation.firstSeenAt, i18n.language)}</dd>
        <dt>{t('follower.ticket')}</dt>
        <dd>
          #{conversation.ticketNumber} ·{' '}
          <span className={`status-chip status-chip--${conversation.status}`}>
            {t(`status.${conversation.status}`)}
          </span>
        </dd>
        {conversation.rating === null && conversation.ratingQuestion === null ? null : (
          <>
            <dt>{t('follower.rating')}</dt>
            <dd data-testid="follower-rating">
              {conversation.rating === null
                ? t('follower.ratingAsked')
                : t('follower.ratingGiven', {
                    score: conversation.rating.score,
                    number: conversation.rating.ticketNumber,
                  })}
            </dd>
          </>
        )}
        <dt>{t('follower.openId')}</dt>
        <dd className="mono">{conversation.openId}</dd>
        {linked.length > 0 ? (
          <>
            <dt>{t('follower.alsoFollows')}</dt>
            <dd data-testid="linked-conversations">
              {linked.map((other) => (
                <button
                  key={other.id}
                  type="button"
                  className="linked-conversation"
                  onClick={() => void store.getState().openConversation(other.id)}
                  data-testid="linked-conversation"
                >
                  <AccountChip accountKey={other.accountKey} /> {displayNameOf(other)}
                </button>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <h3 className="panel-subtitle">{t('follower.ticketHistory')}</h3>
      {history.length === 0 ? (
        <p className="muted small">{t('follower.noHistory')}</p>
      ) : (
        <ul className="ticket-history">
          {history.map((message) =>
            message === undefined || message.body.type !== 'activity' ? null : (
              <li key={message.id}>
                <span className={`status-chip status-chip--${message.body.detail}`}>
                  {t(`status.${message.body.detail}`, { defaultValue: message.body.detail })}
                </span>
                <span className="ticket-history__who">
                  {message.senderUsername === null
                    ? t('activity.system')
                    : (users[message.senderUsername]?.displayName ?? message.senderUsername)}
                </span>
                <span className="muted" title={formatFullTime(message.createdAt, i18n.language)}>
                  {formatListTime(message.createdAt, Date.now(), i18n.language)}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      <label className="field">
        <span className="field__label">{t('follower.notes')}</span>
        <textarea
          rows={5}
          value={notes}
          maxLength={4000}
          placeholder={t('follower.notesPlaceholder')}
          onChange={(event) => {
            setNotes(event.target.value)
            setSavedField(null)
          }}
        />
        <span className="field__row field__row--end">
          <button
            type="button"
            className="button"
            disabled={notes === conversation.notes}
            onClick={() => void save('notes')}
          >
            {savedField === 'notes' ? t('follower.saved') : t('follower.save')}
          </button>
        </span>
      </label>
      {error !== null ? <p className="form-error">{t('settings.failed', { message: error })}</p> : null}
      <EraseFollower conversation={conversation} />
    </aside>
  )
}
