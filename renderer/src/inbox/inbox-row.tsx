import { memo, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf } from '../../../common/domain/conversation.js'
import { avatarHue, formatListTime } from '../shell/format-time.js'
import { useAppStore } from '../store/store-context.js'
import { ViewingMark } from '../team/viewing-mark.js'
import { AccountChip } from './account-chip.js'
import { CountdownPill } from './countdown-pill.js'
import { SlaPill } from './sla-pill.js'
import { previewText } from './preview-text.js'
import { RowTags } from './row-tags.js'

/** One inbox row; it selects only its own item, so a change elsewhere does not re-render it. */
export const InboxRow = memo(function InboxRow({
  conversationId,
  onOpen,
}: {
  conversationId: string
  onOpen: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  const item = useAppStore((state) => state.inboxById[conversationId])
  const isSelected = useAppStore((state) => state.selectedConversationId === conversationId)
  const me = useAppStore((state) => state.session.user?.username ?? null)
  const tags = useAppStore((state) => state.tags)
  const assigneeName = useAppStore((state) => {
    const assignee = state.inboxById[conversationId]?.conversation.assignee
    return assignee == null ? null : state.displayNameOfUser(assignee)
  })
  if (item === undefined) return null
  const { conversation } = item
  const name = displayNameOf(conversation)
  const preview = conversation.lastMessage
  const rowTags = conversation.tagIds
    .map((id) => tags.find((tag) => tag.id === id))
    .filter((tag) => tag !== undefined)
  const isUnread = item.unreadCount > 0
  return (
    <button
      type="button"
      className={`inbox-row${isSelected ? ' is-selected' : ''}${isUnread ? ' is-unread' : ''}`}
      onClick={() => onOpen(conversationId)}
      data-testid="inbox-row"
      data-conversation-id={conversationId}
      aria-current={isSelected ? 'true' : undefined}
    >
      <span className="avatar" style={{ '--hue': avatarHue(conversation.id) } as CSSProperties} aria-hidden>
        {name.slice(0, 1).toUpperCase()}
      </span>
      <span className="inbox-row__main">
        <span className="inbox-row__top">
          <span className="inbox-row__name">{name}</span>
          <span className="inbox-row__ticket">#{conversation.ticketNumber}</span>
          <AccountChip accountKey={conversation.accountKey} />
          {preview !== null ? (
            <span className="inbox-row__time">
              {formatListTime(preview.createdAt, Date.now(), i18n.language)}
            </span>
          ) : null}
        </span>
        <span className="inbox-row__preview">
          {item.hasDraft ? <span className="inbox-row__draft">{t('inbox.draft')} · </span> : null}
          {preview === null
            ? t('inbox.noMessages')
            : `${preview.direction === 'outgoing' ? `${t('inbox.you')}: ` : ''}${previewText(preview, t)}`}
        </span>
        <span className="inbox-row__meta">
          <CountdownPill history={conversation.windowHistory} accountKey={conversation.accountKey} />
          <SlaPill conversation={conversation} />
          <span className={`assignee-chip${conversation.assignee === null ? ' is-none' : ''}`}>
            {conversation.assignee === null
              ? t('inbox.unassigned')
              : conversation.assignee === me
                ? t('inbox.you')
                : assigneeName}
          </span>
          {conversation.status !== 'open' ? (
            <span className={`status-chip status-chip--${conversation.status}`}>
              {t(`status.${conversation.status}`)}
            </span>
          ) : null}
          <RowTags tags={rowTags} />
          <ViewingMark conversationId={conversationId} isCompact />
        </span>
      </span>
      {isUnread ? (
        <span className="unread-badge" data-testid="unread">
          {item.unreadCount}
        </span>
      ) : null}
    </button>
  )
})
