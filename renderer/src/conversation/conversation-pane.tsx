import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Composer } from '../composer/composer.js'
import { useAppStore } from '../store/store-context.js'
import { ConversationHeader } from './conversation-header.js'
import { FollowerPanel } from './follower-panel.js'
import { MessageList } from './message-list.js'

/** The open conversation: header, history, composer and the follower panel. */
export function ConversationPane() {
  const { t } = useTranslation()
  const selectedId = useAppStore((state) => state.selectedConversationId)
  const conversation = useAppStore((state) =>
    selectedId === null ? undefined : state.inboxById[selectedId]?.conversation,
  )
  const [isPanelOpen, setPanelOpen] = useState(true)
  if (selectedId === null || conversation === undefined) {
    return (
      <section className="conversation-empty" data-testid="conversation-empty">
        <div className="conversation-empty__art" aria-hidden>
          💬
        </div>
        <h2>{t('conversation.empty')}</h2>
        <p>{t('conversation.emptyHint')}</p>
        <div className="kbd-row">
          <kbd>J</kbd> <kbd>K</kbd> <kbd>R</kbd> <kbd>?</kbd>
        </div>
      </section>
    )
  }
  return (
    <div className={`conversation${isPanelOpen ? ' has-panel' : ''}`}>
      <section className="conversation__main" data-testid="conversation">
        <ConversationHeader conversation={conversation} onToggleDetails={() => setPanelOpen(!isPanelOpen)} />
        <MessageList conversationId={conversation.id} />
        <Composer conversation={conversation} />
      </section>
      {isPanelOpen ? <FollowerPanel conversation={conversation} /> : null}
    </div>
  )
}
