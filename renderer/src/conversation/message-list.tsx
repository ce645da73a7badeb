import { useEffect, useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { MessageItem } from './message-item.js'

const LOAD_OLDER_THRESHOLD_PX = 120
const STICK_TO_BOTTOM_PX = 80

function dayKey(epochMs: number): string {
  return new Date(epochMs).toDateString()
}

/** The history: newest at the bottom; scrolling near the top loads older pages, keeping the view still. */
export function MessageList({ conversationId }: { conversationId: string }) {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const thread = useAppStore((state) => state.threads[conversationId])
  const messagesById = useAppStore((state) => state.messagesById)
  const focusMessageId = useAppStore((state) => state.focusMessageId)
  const scrollRef = useRef<HTMLDivElement>(null)
  const anchor = useRef<{
    height: number
    top: number
    isAtBottom: boolean
    firstId: string | undefined
  } | null>(null)
  const ids = thread?.ids ?? []

  // Before the DOM changes we remember where we were; after, we restore it (older pages grow upward).
  const snapshot = (): void => {
    const element = scrollRef.current
    if (element === null) return
    anchor.current = {
      height: element.scrollHeight,
      top: element.scrollTop,
      isAtBottom: element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX,
      firstId: ids[0],
    }
  }

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (element === null) return
    const previous = anchor.current
    if (previous === null || focusMessageId !== null) {
      if (focusMessageId === null) element.scrollTop = element.scrollHeight
    } else if (previous.firstId !== ids[0] && previous.firstId !== undefined) {
      element.scrollTop = previous.top + (element.scrollHeight - previous.height)
    } else if (previous.isAtBottom) {
      element.scrollTop = element.scrollHeight
    }
    snapshot()
  })

  useEffect(() => {
    anchor.current = null
  }, [conversationId])

  // Images arrive after the first paint and push the newest message out of view: follow them down.
  // `load` does not bubble, so listen in the capture phase.
  useEffect(() => {
    const element = scrollRef.current
    if (element === null) return
    const onMediaLoad = (): void => {
      if (anchor.current?.isAtBottom !== true || store.getState().focusMessageId !== null) return
      element.scrollTop = element.scrollHeight
    }
    element.addEventListener('load', onMediaLoad, true)
    return () => element.removeEventListener('load', onMediaLoad, true)
  }, [store])

  useEffect(() => {
    if (focusMessageId === null || !ids.includes(focusMessageId)) return
    const target = scrollRef.current?.querySelector(`[data-message-id="${CSS.escape(focusMessageId)}"]`)
    target?.scrollIntoView({ block: 'center' })
    const timer = setTimeout(() => store.getState().clearFocusMessage(), 2500)
    return () => clearTimeout(timer)
  }, [focusMessageId, ids, store])

  const onScroll = (): void => {
    const element = scrollRef.current
    if (element === null) return
    snapshot()
    if (element.scrollTop < LOAD_OLDER_THRESHOLD_PX && thread?.hasOlder === true && !thread.isLoadingOlder) {
      void store.getState().loadOlderMessages(conversationId)
    }
  }

  let lastDay = ''
  return (
    <div className="message-list" ref={scrollRef} onScroll={onScroll} data-testid="message-list">
      <div className="message-list__start">
        {thread === undefined || !thread.isLoaded ? null : thread.isLoadingOlder ? (
          t('conversation.loadingOlder')
        ) : thread.hasOlder ? (
          <button
            type="button"
            className="link-button"
            onClick={() => void store.getState().loadOlderMessages(conversationId)}
          >
            {t('conversation.loadOlder')}
          </button>
        ) : (
          t('conversation.beginning')
        )}
      </div>
      {ids.map((id) => {
        const message = messagesById[id]
        if (message === undefined) return null
        const day = dayKey(message.createdAt)
        const divider =
          day !== lastDay ? (
            <div className="day-divider" key={`day-${day}`}>
              <span>
                {new Date(message.createdAt).toLocaleDateString(i18n.language, {
                  weekday: 'short',
                  month: 'short',
                  day: 'numeric',
                })}
              </span>
            </div>
          ) : null
        lastDay = day
        return [divider, <MessageItem key={id} messageId={id} isFocused={id === focusMessageId} />]
      })}
    </div>
  )
}
