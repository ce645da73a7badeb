import { memo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InboundEventBody } from '../../../common/domain/inbound.js'
import type { Message, MessageBody } from '../../../common/domain/message.js'
import { formatFullTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { safeHref } from '../text/linkify.js'
import { RichText } from '../text/rich-text.js'
import { Icon } from '../shell/icon.js'
import { activityText, type ActivityBody } from './activity-text.js'
import { LocationCard, PictureMedia, VideoMedia, VoiceMedia } from './message-media.js'

type Translate = ReturnType<typeof useTranslation>['t']

/** A follower event as one plain line ("Followed via QR code “spring”"). */
export function eventLine(body: { readonly type: 'event' } & InboundEventBody, t: Translate): string {
  switch (body.event) {
    case 'subscribe':
      return body.qrScene ? t('event.subscribeScene', { scene: body.qrScene }) : t('event.subscribe')
    case 'unsubscribe':
      return t('event.unsubscribe')
    case 'scan':
      return t('event.scan', { scene: body.scene })
    case 'location':
      return t('event.location', { latitude: body.latitude.toFixed(4), longitude: body.longitude.toFixed(4) })
    case 'click':
      return t('event.click', { key: body.key })
    case 'view':
      return t('event.view', { url: body.url })
    case 'view_miniprogram':
      return t('event.view_miniprogram', { path: body.path })
    case 'scancode_push':
    case 'scancode_waitmsg':
      return t('event.scancode', { result: body.scanResult })
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin':
      return t('event.pic', { count: body.count })
    case 'location_select':
      return t('event.location_select', { label: body.poiName || body.label })
    case 'kf_create_session':
    case 'kf_close_session':
      return t(`event.${body.event}`, { account: body.kfAccount })
    case 'kf_switch_session':
      return t('event.kf_switch_session', { from: body.fromKfAccount, to: body.toKfAccount })
    case 'template_send_job_finish':
      return t('event.template_send_job_finish', { status: body.status })
    default:
      return t('event.unknown', { name: body.name })
  }
}

function Body({ message, t }: { message: Message; t: Translate }) {
  const body: MessageBody = message.body
  switch (body.type) {
    case 'text':
      return (
        <div className="bubble__text">
          <RichText text={body.text} />
          {'menuId' in body && body.menuId ? (
            <div className="bubble__aside">{t('message.menuReply')}</div>
          ) : null}
        </div>
      )
    case 'image':
      return (
        <PictureMedia
          message={message}
          {...('fileName' in body && body.fileName !== undefined ? { fallbackName: body.fileName } : {})}
        />
      )
    case 'voice':
      return <VoiceMedia message={message} body={body} />
    case 'video':
    case 'shortvideo':
      return <VideoMedia message={message} kind={body.type} />
    case 'location':
      return <LocationCard body={body} />
    case 'link':
    case 'news': {
      const href = safeHref(body.url)
      return (
        <div className="link-card">
          <div className="link-card__title">🔗 {body.title}</div>
          {body.description ? <div className="link-card__description">{body.description}</div> : null}
          {href !== null ? (
            <a className="link-card__url" href={href} target="_blank" rel="noopener noreferrer">
              <span className="link-card__site">{new URL(href).hostname}</span> · {body.url}
            </a>
          ) : (
            <span className="link-card__url muted">{body.url}</span>
          )}
        </div>
      )
    }
    case 'miniprogrampage':
      return <div className="media-card">🧩 {t('message.miniprogram', { title: body.title })}</div>
    case 'template':
      return (
        <div className="media-card">
          <div className="media-card__title">📋 {t('message.template', { id: body.templateId })}</div>
          <dl className="template-fields">
            {Object.entries(body.data).map(([key, field]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{field.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )
    case 'unknown':
      return <div className="media-card muted">{t('message.unknown', { type: body.msgType })}</div>
    default:
      return null
  }
}

function FailureLine({ message }: { message: Message }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const [isRetrying, setRetrying] = useState(false)
  const failure = message.failure
  if (failure === null) return null
  const known = t(`failure.${failure.code}`, { defaultValue: '' })
  return (
    <div className="bubble__failure" role="alert" data-testid="send-failure">
      <span className="bubble__failure-icon" aria-hidden>
        !
      </span>
      <span>
        {known !== '' ? known : failure.message}
        {failure.wechatErrcode !== undefined ? (
          <span className="muted"> · {t('message.errcode', { code: failure.wechatErrcode })}</span>
        ) : null}
      </span>
      {failure.isRetryable && message.clientMessageId !== null ? (
        <button
          type="button"
          className="link-button"
          disabled={isRetrying}
          onClick={async () => {
            setRetrying(true)
            await store.getState().retryMessage(message.clientMessageId ?? '')
            setRetrying(false)
          }}
        >
          {isRetrying ? t('message.retrying') : t('message.retry')}
        </button>
      ) : null}
    </div>
  )
}

/** An activity in words, naming people and tags as the team knows them now. */
function ActivityText({ body, actor }: { body: ActivityBody; actor: string | null }) {
  const { t, i18n } = useTranslation()
  const users = useAppStore((state) => state.usersByName)
  const tags = useAppStore((state) => state.tags)
  return activityText(
    body,
    {
      actor,
      nameOfUser: (username) => users[username]?.displayName ?? username,
      nameOfTag: (id) => tags.find((tag) => tag.id === id)?.name,
      timeOf: (at) =>
        new Date(at).toLocaleString(i18n.language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
    },
    t,
  )
}

/** One line of history: follower bubble, reply bubble with its state, note, activity or event. */
export const MessageItem = memo(function MessageItem({
  messageId,
  isFocused,
}: {
  messageId: string
  isFocused: boolean
}) {
  const { t, i18n } = useTranslation()
  const message = useAppStore((state) => state.messagesById[messageId])
  const senderName = useAppStore((state) => {
    const sender = state.messagesById[messageId]?.senderUsername
    return sender == null ? null : state.displayNameOfUser(sender)
  })
  if (message === undefined) return null
  const time = new Date(message.createdAt).toLocaleTimeString(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
  })
  const fullTime = formatFullTime(message.createdAt, i18n.language)
  const body = message.body
  const focusClass = isFocused ? ' is-focused' : ''

  if (body.type === 'event') {
    return (
      <div className={`event-line${focusClass}`} data-message-id={message.id} title={fullTime}>
        <span>{eventLine(body, t)}</span>
        <span className="event-line__time">{time}</span>
      </div>
    )
  }
  if (body.type === 'activity') {
    return (
      <div
        className={`activity-line${focusClass}`}
        data-message-id={message.id}
        data-testid="activity-line"
        title={fullTime}
      >
        <span>
          <ActivityText body={body} actor={message.senderUsername} />
        </span>
        <span className="event-line__time">{time}</span>
      </div>
    )
  }
  if (body.type === 'note') {
    return (
      <div className={`message message--note${focusClass}`} data-message-id={message.id} data-testid="note">
        <div className={`bubble bubble--note${body.isHandover === true ? ' bubble--handover' : ''}`}>
          <div className="bubble__label">
            <Icon name="lock" size={11} />{' '}
            {body.isHandover === true ? t('team.handoverNote') : t('message.note')}
          </div>
          <div className="bubble__text">
            <RichText text={body.text} />
          </div>
        </div>
        <div className="message__meta" title={fullTime}>
          {senderName ?? ''} · {time}
        </div>
      </div>
    )
  }
  const isOutgoing = message.direction === 'outgoing'
  return (
    <div
      className={`message ${isOutgoing ? 'message--outgoing' : 'message--incoming'}${focusClass}`}
      data-message-id={message.id}
      data-status={message.status}
      data-testid="message"
    >
      <div
        className={`bubble ${isOutgoing ? 'bubble--outgoing' : 'bubble--incoming'}${message.status === 'failed' ? ' is-failed' : ''}`}
      >
        {message.isAutomatic ? (
          <div className="bubble__label bubble__label--auto">⚙ {t('message.auto')}</div>
        ) : null}
        <Body message={message} t={t} />
      </div>
      {isOutgoing && message.status === 'failed' ? <FailureLine message={message} /> : null}
      <div className="message__meta" title={fullTime}>
        {isOutgoing ? <>{senderName ?? (message.isAutomatic ? t('message.auto') : '')} · </> : null}
        {time}
        {isOutgoing ? (
          <span className={`delivery delivery--${message.status}`} data-testid="delivery">
            {' · '}
            {message.status === 'pending'
              ? `◷ ${t('message.pending')}`
              : message.status === 'sent'
                ? `✓ ${t('message.sent')}`
                : `✕ ${t('message.failed')}`}
          </span>
        ) : null}
      </div>
    </div>
  )
})
