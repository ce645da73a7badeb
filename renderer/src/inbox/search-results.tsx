import { useTranslation } from 'react-i18next'
import { conversationKeyOf } from '../../../common/domain/account.js'
import { displayNameOf } from '../../../common/domain/conversation.js'
import { AccountChip } from './account-chip.js'
import type { SearchHit } from '../../../common/ipc/channels.js'
import { formatListTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

function groupByConversation(hits: readonly SearchHit[]): readonly [string, readonly SearchHit[]][] {
  const groups = new Map<string, SearchHit[]>()
  for (const hit of hits) {
    const group = groups.get(hit.conversationId) ?? []
    group.push(hit)
    groups.set(hit.conversationId, group)
  }
  return [...groups.entries()]
}

/** Search results: highlighted snippets grouped by conversation; a click opens it at that message. */
export function SearchResults() {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const search = useAppStore((state) => state.search)
  const inboxById = useAppStore((state) => state.inboxById)
  const groups = groupByConversation(search.hits)
  if (search.isSearching && search.answeredText === '')
    return <div className="inbox-empty">{t('search.searching')}</div>
  if (search.hits.length === 0) {
    return (
      <div className="inbox-empty" data-testid="search-empty">
        <p>{t('search.noResults', { text: search.text.trim() })}</p>
      </div>
    )
  }
  return (
    <div className="search-results" data-testid="search-results">
      <div className="search-results__summary">
        {t('search.results', {
          messages: t('search.messageCount', { count: search.hits.length }),
          conversations: t('search.conversationCount', { count: groups.length }),
        })}
      </div>
      {groups.map(([conversationId, hits]) => {
        const conversation = inboxById[conversationId]?.conversation
        return (
          <section key={conversationId} className="search-group">
            <header className="search-group__title">
              {displayNameOf(
                conversation ?? { openId: conversationKeyOf(conversationId).openId, remark: null },
              )}
              <AccountChip accountKey={conversationKeyOf(conversationId).accountKey} />
              {conversation !== undefined ? (
                <span className="inbox-row__ticket">#{conversation.ticketNumber}</span>
              ) : null}
            </header>
            {hits.map((hit) => (
              <button
                key={hit.messageId}
                type="button"
                className="search-hit"
                data-testid="search-hit"
                onClick={() => void store.getState().openConversation(hit.conversationId, hit.messageId)}
              >
                <span className="search-hit__snippet">
                  {hit.snippet.map((part, index) =>
                    part.isMatch ? (
                      <mark key={index}>{part.text}</mark>
                    ) : (
                      <span key={index}>{part.text}</span>
                    ),
                  )}
                </span>
                <span className="search-hit__time">
                  {formatListTime(hit.createdAt, Date.now(), i18n.language)}
                </span>
              </button>
            ))}
          </section>
        )
      })}
    </div>
  )
}
