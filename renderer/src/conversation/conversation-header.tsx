import { SnoozeMenu } from './snooze-menu.js'
import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf, type Conversation, type TicketStatus } from '../../../common/domain/conversation.js'
import { AccountChip } from '../inbox/account-chip.js'
import { CountdownPill } from '../inbox/countdown-pill.js'
import { SlaPill } from '../inbox/sla-pill.js'
import { avatarHue } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { ViewingMark } from '../team/viewing-mark.js'
import { QueuedCommands } from './queued-commands.js'
import { TagPicker } from './tag-picker.js'
import { Icon } from '../shell/icon.js'

const STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved']

/** Name, ticket, status, assignee (claim) and tags of the open conversation. */
export function ConversationHeader({
  conversation,
  onToggleDetails,
}: {
  conversation: Conversation
  onToggleDetails: () => void
}) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const me = useAppStore((state) => state.session.user)
  const users = useAppStore((state) => state.usersByName)
  const assigneeName = useAppStore((state) =>
    conversation.assignee === null ? null : state.displayNameOfUser(conversation.assignee),
  )
  const isMine = me !== null && conversation.assignee === me.username
  const canReassign = me !== null && me.role !== 'agent'
  const name = displayNameOf(conversation)
  return (
    <header className="conversation-header">
      <div className="conversation-header__top">
        <div className="conversation-header__identity">
          <span
            className="avatar avatar--large"
            style={{ '--hue': avatarHue(conversation.id) } as CSSProperties}
            aria-hidden
          >
            {name.slice(0, 1).toUpperCase()}
          </span>
          <div>
            <h1 className="conversation-header__name" data-testid="conversation-name">
              {name}
            </h1>
            <div className="conversation-header__sub">
              <AccountChip accountKey={conversation.accountKey} />
              <span>{t('conversation.ticket', { number: conversation.ticketNumber })}</span>
              <CountdownPill history={conversation.windowHistory} accountKey={conversation.accountKey} />
              <SlaPill conversation={conversation} />
              {conversation.rating !== null &&
              conversation.rating.ticketNumber === conversation.ticketNumber ? (
                <span className="rating-chip" data-testid="ticket-rating" title={t('follower.rating')}>
                  {'★'.repeat(conversation.rating.score)}
                  {'☆'.repeat(5 - conversation.rating.score)}
                </span>
              ) : null}
              <ViewingMark conversationId={conversation.id} />
              <QueuedCommands conversationId={conversation.id} />
            </div>
          </div>
        </div>
        <div className="conversation-header__tools">
          <SnoozeMenu conversation={conversation} />
          <button
            type="button"
            className="icon-button"
            onClick={() => void store.getState().markUnread(conversation.id)}
            title={t('conversation.markUnread')}
          >
            <Icon name="unread" />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={onToggleDetails}
            title={t('conversation.toggleDetails')}
          >
            <Icon name="panel" />
          </button>
        </div>
      </div>
      <div className="conversation-header__bar">
        <div className="segmented" role="radiogroup" aria-label={t('conversation.status')}>
          {STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              role="radio"
              aria-checked={conversation.status === status}
              className={`segmented__option segmented__option--${status}${conversation.status === status ? ' is-active' : ''}`}
              onClick={() => void store.getState().setStatus(conversation.id, status)}
              data-testid={`status-${status}`}
            >
              {t(`status.${status}`)}
            </button>
          ))}
        </div>
        {isMine ? (
          <span className="assignee-chip is-mine" data-testid="assignee">
            {t('conversation.assignedToYou')}
          </span>
        ) : (
          <>
            {assigneeName !== null ? (
              <span className="assignee-chip is-other" data-testid="assignee">
                {t('conversation.assignedTo', { name: assigneeName })}
              </span>
            ) : null}
            {assigneeName === null || canReassign ? (
              <button
                type="button"
                className="button button--primary button--small"
                onClick={() => void store.getState().claim(conversation.id)}
                data-testid="claim"
              >
                {t('conversation.claim')}
              </button>
            ) : null}
          </>
        )}
        {canReassign ? (
          <select
            className="assignee-select"
            value={conversation.assignee ?? ''}
            aria-label={t('conversation.reassign')}
            title={t('conversation.reassign')}
            onChange={(event) =>
              void store
                .getState()
                .assign(conversation.id, event.target.value === '' ? null : event.target.value)
            }
          >
            <option value="">{t('inbox.unassigned')}</option>
            {Object.values(users)
              .filter((user) => !user.isDisabled)
              .map((user) => (
                <option key={user.username} value={user.username}>
                  {user.displayName}
                </option>
              ))}
          </select>
        ) : null}
      </div>
      <div className="conversation-header__tags">
        <TagPicker conversation={conversation} />
      </div>
    </header>
  )
}
