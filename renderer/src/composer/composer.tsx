import { isWithinAccounts } from '../../../common/domain/account.js'
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
} from 'react'
import { useTranslation } from 'react-i18next'
import { rankCannedResponses, fillVariables } from '../../../common/domain/canned-ranking.js'
import { displayNameOf, type Conversation } from '../../../common/domain/conversation.js'
import { replyWindowAt } from '../../../common/domain/reply-window.js'
import type { CannedResponse } from '../../../common/domain/user.js'
import { MEDIA_CONTENT_TYPES } from '../../../common/relay/media-upload.js'
import { useCountdown, useFormatTimeLeft } from '../inbox/countdown-pill.js'
import { useReplyWindowConfig } from '../inbox/use-reply-window-config.js'
import type { CommandResult } from '../store/app-state.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { useTicker } from '../ticker/use-ticker.js'
import { CannedMenu } from './canned-menu.js'
import { prepareAttachment } from './attachment.js'
import { CardDialog } from './card-dialog.js'
import { VideoDialog } from './video-dialog.js'
import { insertCanned, slashQueryAt } from './canned-insert.js'
import { onComposerRequest } from './composer-events.js'
import { WindowBanner } from './window-banner.js'
import { Icon } from '../shell/icon.js'
import type { VideoDetails } from '../store/slices/messages-slice.js'

const MAX_CANNED_SHOWN = 8

/** What the attach button offers: the files WeChat takes, with the extensions some systems type none. */
const ATTACHMENT_TYPES = [...MEDIA_CONTENT_TYPES, '.amr', '.mp3', '.mp4'].join(',')

/** The live countdown and messages left above the text box. */
function WindowBar({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation()
  const countdown = useCountdown(conversation.windowHistory, conversation.accountKey)
  const format = useFormatTimeLeft()
  const time = format(countdown.timeLeftMs)
  const label = countdown.isEventWindow ? t('composer.windowEvent') : t('composer.windowOpen')
  return (
    <div
      className={`window-bar window-bar--${countdown.stage}${countdown.isEventWindow ? ' window-bar--event' : ''}`}
      data-testid="window-bar"
      title={`${time} ${label}`}
    >
      <span className="window-bar__dot" aria-hidden>
        {countdown.isEventWindow ? '⚡' : '●'}
      </span>
      <span className="window-bar__time">{time}</span>
      <span className="window-bar__label">{label}</span>
      <span className="window-bar__quota" data-testid="messages-left">
        {countdown.messagesLeft === null || countdown.quota === null
          ? t('composer.unlimited')
          : t('composer.messagesLeft', { left: countdown.messagesLeft, quota: countdown.quota })}
      </span>
    </div>
  )
}

/** The composer: reply or private note, canned replies, images, drafts, and the window states. */
export function Composer({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const conversationId = conversation.id
  const text = useAppStore((state) => state.drafts[conversationId] ?? '')
  const cannedResponses = useAppStore((state) => state.cannedResponses)
  const me = useAppStore((state) => state.session.user)
  const ownerName = useAppStore((state) =>
    conversation.assignee === null ? null : state.displayNameOfUser(conversation.assignee),
  )
  const [mode, setMode] = useState<'reply' | 'note'>('reply')
  const [cursor, setCursor] = useState(0)
  const [activeIndex, setActiveIndex] = useState(0)
  const [isMenuDismissed, setMenuDismissed] = useState(false)
  const [unresolved, setUnresolved] = useState<readonly string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [isUploading, setUploading] = useState(false)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const replyWindow = useReplyWindowConfig(conversation.accountKey)

  // The window state only changes a few times a life: re-render on changes, not on every tick.
  const windowKey = useTicker(
    useCallback(
      (now: number) => {
        const window = replyWindowAt(conversation.windowHistory, now, replyWindow)
        return `${window.state}|${window.closedReason ?? ''}|${Math.floor(now / 60_000)}`
      },
      [conversation.windowHistory, replyWindow],
    ),
  )
  const now = Number(windowKey.split('|')[2]) * 60_000
  const window = replyWindowAt(conversation.windowHistory, Date.now(), replyWindow)
  const isWindowOpen = windowKey.startsWith('open|')

  useEffect(() => {
    setMode('reply')
    setUnresolved([])
    setError(null)
    setMenuDismissed(false)
  }, [conversationId])

  const slash = mode === 'reply' || mode === 'note' ? slashQueryAt(text, cursor) : null
  const ranked = useMemo(
    () =>
      slash === null
        ? []
        : rankCannedResponses(
            // Only the replies for this conversation's official account (and those for every account).
            cannedResponses.filter((reply) => isWithinAccounts(reply.accountKeys, conversation.accountKey)),
            slash.query,
          ).slice(0, MAX_CANNED_SHOWN),
    [cannedResponses, conversation.accountKey, slash?.query, slash === null],
  )
  const isMenuOpen = slash !== null && !isMenuDismissed

  const variables = useMemo(
    () => ({ 'follower.name': displayNameOf(conversation), 'agent.name': me?.displayName }),
    [conversation, me?.displayName],
  )

  const setText = (next: string, nextCursor?: number): void => {
    store.getState().setDraft(conversationId, next)
    if (nextCursor !== undefined) {
      setCursor(nextCursor)
      requestAnimationFrame(() => textRef.current?.setSelectionRange(nextCursor, nextCursor))
    }
  }

  const chooseCanned = (index: number): void => {
    const response = ranked[index]
    if (response === undefined || slash === null) return
    const isCard = response.card !== null
    const isPicture = response.image !== null && !isCard
    if ((isPicture || isCard) && mode === 'note') {
      setError(t('composer.pictureNotNote'))
      return
    }
    // A picture or card reply sends at once, as picking a file does, and the `/query` typed goes;
    // a text reply takes the query's place, its variables filled.
    const filled = isPicture || isCard ? '' : fillVariables(response.body, variables).text
    const next = insertCanned(text, slash, cursor, filled)
    setText(next.text, next.cursor)
    setMenuDismissed(false)
    setActiveIndex(0)
    if (isPicture) void sendCannedPicture(response)
    if (isCard) void sendCannedCard(response)
  }

  const finish = (result: CommandResult): void => {
    if (result.ok) {
      store.getState().setDraft(conversationId, '')
      setCursor(0)
      setUnresolved([])
      setError(null)
    } else {
      setError(t('composer.sendFailed', { message: result.message }))
    }
  }

  const submit = async (isConfirmed: boolean): Promise<void> => {
    const trimmed = text.trim()
    if (trimmed === '' || isBusy) return
    if (mode === 'note') {
      setBusy(true)
      finish(await store.getState().addNote(conversationId, trimmed))
      setBusy(false)
      return
    }
    const filled = fillVariables(trimmed, variables)
    if (filled.unresolved.length > 0 && !isConfirmed) {
      setUnresolved(filled.unresolved)
      return
    }
    setBusy(true)
    finish(await store.getState().sendText(conversationId, filled.text))
    setBusy(false)
    textRef.current?.focus()
  }

  /** A picked, pasted or dropped file: checked (a picture made smaller if need be), then sent as its kind. */
  const sendAttachment = async (picked: File, video?: VideoDetails): Promise<void> => {
    setError(null)
    const prepared = await prepareAttachment(picked)
    if (!prepared.ok) {
      setError(t(`composer.${prepared.reason}`, prepared.values))
      return
    }
    // A video message carries a title and description: asked for first.
    if (prepared.kind === 'video' && video === undefined) {
      setPendingVideo(picked)
      return
    }
    setBusy(true)
    setUploading(true)
    try {
      finish(await store.getState().sendFile(conversationId, prepared.file, prepared.kind, video))
    } catch (caught) {
      setError(
        t('composer.sendFailed', { message: caught instanceof Error ? caught.message : String(caught) }),
      )
    } finally {
      setBusy(false)
      setUploading(false)
    }
  }

  const sendCannedPicture = async (response: CannedResponse): Promise<void> => {
    setBusy(true)
    setUploading(true)
    setError(null)
    const result = await store.getState().sendCannedPicture(conversationId, response)
    if (!result.ok) setError(t('composer.sendFailed', { message: result.message }))
    setBusy(false)
    setUploading(false)
    textRef.current?.focus()
  }

  const sendCannedCard = async (response: CannedResponse): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await store.getState().sendCannedCard(conversationId, response)
    if (!result.ok) setError(t('composer.sendFailed', { message: result.message }))
    setBusy(false)
    textRef.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.nativeEvent.isComposing) return
    if (isMenuOpen && ranked.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActiveIndex((activeIndex + step + ranked.length) % ranked.length)
        return
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        chooseCanned(Math.min(activeIndex, ranked.length - 1))
        return
      }
    }
    if (isMenuOpen && event.key === 'Escape') {
      event.preventDefault()
      setMenuDismissed(true)
      return
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      void submit(false)
    }
  }

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>): void => {
    const file = event.clipboardData.files[0]
    if (file === undefined || mode === 'note') return
    event.preventDefault()
    void sendAttachment(file)
  }

  const [isDropTarget, setDropTarget] = useState(false)
  const canDropPicture = (event: DragEvent<HTMLElement>): boolean =>
    mode === 'reply' && !isBusy && event.dataTransfer.types.includes('Files')
  const onDragOver = (event: DragEvent<HTMLElement>): void => {
    if (!canDropPicture(event)) return
    // Without this the browser would open the dropped file in place of the console.
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDropTarget(true)
  }
  const onDrop = (event: DragEvent<HTMLElement>): void => {
    setDropTarget(false)
    if (!canDropPicture(event)) return
    event.preventDefault()
    const file = event.dataTransfer.files[0]
    if (file !== undefined) void sendAttachment(file)
  }

  useEffect(
    () =>
      onComposerRequest((action) => {
        if (action === 'note') setMode((current) => (current === 'note' ? 'reply' : 'note'))
        const element = textRef.current
        if (element === null) return
        element.focus()
        if (action === 'canned') {
          const at = element.selectionStart
          const prefix = at > 0 && !/\s/.test(text.charAt(at - 1)) ? ' /' : '/'
          const next = text.slice(0, at) + prefix + text.slice(at)
          store.getState().setDraft(conversationId, next)
          setMenuDismissed(false)
          setActiveIndex(0)
          setCursor(at + prefix.length)
          requestAnimationFrame(() => element.setSelectionRange(at + prefix.length, at + prefix.length))
        }
      }),
    [text, conversationId, store],
  )

  const [pendingVideo, setPendingVideo] = useState<File | null>(null)
  const [isCardOpen, setCardOpen] = useState(false)
  const showBanner = mode === 'reply' && !isWindowOpen
  const isMine = me !== null && conversation.assignee === me.username
  return (
    <div className={`composer composer--${mode}`} data-testid="composer" data-mode={mode}>
      <div className="composer__tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'reply'}
          className={`composer__tab${mode === 'reply' ? ' is-active' : ''}`}
          onClick={() => setMode('reply')}
          data-testid="mode-reply"
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'note'}
          className={`composer__tab composer__tab--note${mode === 'note' ? ' is-active' : ''}`}
          onClick={() => setMode('note')}
          data-testid="mode-note"
        >
          <Icon name="lock" size={13} /> {t('composer.note')}
        </button>
        <span className="spacer" />
        {mode === 'reply' && isWindowOpen ? <WindowBar conversation={conversation} /> : null}
      </div>
      {showBanner ? (
        <WindowBanner
          conversationId={conversationId}
          window={window}
          history={conversation.windowHistory}
          now={Math.max(now, Date.now())}
          onWriteNote={() => setMode('note')}
        />
      ) : (
        <div
          className={`composer__box${isDropTarget ? ' is-drop-target' : ''}`}
          data-testid="composer-box"
          onDragOver={onDragOver}
          onDragLeave={() => setDropTarget(false)}
          onDrop={onDrop}
        >
          {isMenuOpen ? (
            <CannedMenu
              responses={ranked}
              activeIndex={Math.min(activeIndex, Math.max(0, ranked.length - 1))}
              query={slash?.query ?? ''}
              onChoose={(response) => chooseCanned(ranked.indexOf(response))}
              onHover={setActiveIndex}
            />
          ) : null}
          {mode === 'reply' && !isMine && (ownerName === null || me?.role === 'agent') ? (
            <div className="composer__hint" data-testid="composer-hint">
              {ownerName === null
                ? t('composer.notAssignedHint')
                : t('composer.assignedElsewhereHint', { name: ownerName })}
            </div>
          ) : null}
          <textarea
            ref={textRef}
            className="composer__input"
            value={text}
            rows={3}
            placeholder={mode === 'note' ? t('composer.notePlaceholder') : t('composer.placeholder')}
            data-testid="composer-input"
            onChange={(event) => {
              setText(event.target.value)
              setCursor(event.target.selectionStart)
              setUnresolved([])
              setMenuDismissed(false)
              setActiveIndex(0)
              if (mode === 'reply' && event.target.value !== '') store.getState().sendTyping(conversationId)
            }}
            onSelect={(event) => setCursor(event.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
          />
          {unresolved.length > 0 ? (
            <div className="composer__warning" role="alert" data-testid="unresolved-warning">
              <span>
                ⚠ {t('composer.unresolved', { names: unresolved.map((name) => `{{${name}}}`).join(', ') })}
              </span>
              <button type="button" className="button" onClick={() => textRef.current?.focus()}>
                {t('composer.edit')}
              </button>
              <button type="button" className="button button--warning" onClick={() => void submit(true)}>
                {t('composer.sendAnyway')}
              </button>
            </div>
          ) : null}
          {error !== null ? (
            <div className="composer__error" role="alert" data-testid="composer-error">
              {error}
            </div>
          ) : null}
          <div className="composer__footer">
            {mode === 'reply' ? (
              <>
                <label className="icon-button" title={t('composer.attachFile')}>
                  <Icon name="image" />
                  <input
                    type="file"
                    accept={ATTACHMENT_TYPES}
                    hidden
                    data-testid="image-input"
                    onChange={(event) => {
                      const file = event.target.files?.[0]
                      event.target.value = ''
                      if (file !== undefined) void sendAttachment(file)
                    }}
                  />
                </label>
                <button
                  type="button"
                  className="icon-button"
                  title={t('composer.sendCard')}
                  aria-label={t('composer.sendCard')}
                  disabled={isBusy}
                  onClick={() => setCardOpen(true)}
                  data-testid="card-button"
                >
                  <Icon name="card" />
                </button>
              </>
            ) : null}
            <span className="muted small">
              {isUploading
                ? t('composer.uploading')
                : mode === 'reply'
                  ? t('composer.typingHint')
                  : t('message.note')}
            </span>
            <span className="spacer" />
            <button
              type="button"
              className={`button ${mode === 'note' ? 'button--note' : 'button--primary'}`}
              disabled={text.trim() === '' || isBusy}
              onClick={() => void submit(false)}
              data-testid="send"
            >
              {mode === 'note' ? t('composer.addNote') : t('composer.send')}
            </button>
          </div>
        </div>
      )}
      {pendingVideo !== null ? (
        <VideoDialog
          fileName={pendingVideo.name}
          onClose={() => setPendingVideo(null)}
          onSend={(details) => {
            const file = pendingVideo
            setPendingVideo(null)
            void sendAttachment(file, details)
          }}
        />
      ) : null}
      {isCardOpen ? (
        <CardDialog
          onClose={() => setCardOpen(false)}
          uploadThumbnail={async (file) => {
            const prepared = await prepareAttachment(file)
            if (!prepared.ok) return { ok: false, message: t(`composer.${prepared.reason}`, prepared.values) }
            if (prepared.kind !== 'image') return { ok: false, message: t('composer.thumbnailNotPicture') }
            return store.getState().uploadPicture(conversationId, prepared.file)
          }}
          onSend={async (card) => {
            setBusy(true)
            const result = await store.getState().sendCard(conversationId, card)
            setBusy(false)
            if (result.ok) setCardOpen(false)
            return result
          }}
        />
      ) : null}
    </div>
  )
}
