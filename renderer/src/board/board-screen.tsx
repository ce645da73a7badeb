import { conversationKeyOf } from '../../../common/domain/account.js'
import { useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf } from '../../../common/domain/conversation.js'
import type { Board, BoardAgent } from '../../../common/domain/team.js'
import { CountdownPill, useFormatTimeLeft } from '../inbox/countdown-pill.js'
import { avatarHue } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { HandoverDialog } from '../team/handover-dialog.js'
import { PresenceDot } from '../team/presence-dot.js'
import { SlaBoardCard } from './sla-card.js'
import { useNowBucket } from '../ticker/use-ticker.js'

const STATUS_ORDER = { online: 0, away: 1, offline: 2 } as const
const MINUTE = 60_000

/** Waiting over 15 minutes is worth a look, over an hour is late. */
function waitClass(waitedMs: number | null): string {
  if (waitedMs === null || waitedMs < 15 * MINUTE) return ''
  return waitedMs < 60 * MINUTE ? ' is-waiting' : ' is-long'
}

function useOpenConversation(): (conversationId: string) => void {
  const store = useStoreApi()
  return (conversationId) => {
    store.getState().setScreen('inbox')
    void store.getState().openConversation(conversationId)
  }
}

function ConversationName({ conversationId }: { conversationId: string }) {
  const name = useAppStore((state) => {
    const conversation = state.inboxById[conversationId]?.conversation
    return conversation === undefined
      ? displayNameOf({ openId: conversationKeyOf(conversationId).openId, remark: null })
      : displayNameOf(conversation)
  })
  return (
    <>
      <span
        className="avatar avatar--tiny"
        style={{ '--hue': avatarHue(conversationId) } as CSSProperties}
        aria-hidden
      >
        {name.slice(0, 1).toUpperCase()}
      </span>
      <span className="board-item__name">{name}</span>
    </>
  )
}

function Summary({ board }: { board: Board }) {
  const { t } = useTranslation()
  const tiles = [
    {
      key: 'summaryOnline',
      value: board.agents.filter((agent) => agent.status === 'online').length,
      tone: 'green',
    },
    { key: 'summaryQueue', value: board.queue.length, tone: board.queue.length > 0 ? 'amber' : 'grey' },
    {
      key: 'summaryExpiring',
      value: board.expiring.length,
      tone: board.expiring.length > 0 ? 'red' : 'grey',
    },
    {
      key: 'summaryOpen',
      value: board.agents.reduce((sum, agent) => sum + agent.openCount, 0),
      tone: 'accent',
    },
  ] as const
  return (
    <div className="board-summary">
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className={`board-tile board-tile--${tile.tone}`}
          data-testid={`board-${tile.key}`}
        >
          <span className="board-tile__value">{tile.value}</span>
          <span className="board-tile__label">{t(`board.${tile.key}`)}</span>
        </div>
      ))}
    </div>
  )
}

function AgentRow({
  agent,
  scale,
  onHandover,
}: {
  agent: BoardAgent
  scale: number
  onHandover: () => void
}) {
  const { t } = useTranslation()
  const teamName = useAppStore((state) =>
    agent.teamId === null ? null : (state.teams.find((team) => team.id === agent.teamId)?.name ?? null),
  )
  const limit = agent.cap ?? scale
  const ratio = limit === 0 ? 0 : Math.min(1, agent.openCount / limit)
  const tone = agent.cap !== null && agent.openCount >= agent.cap ? 'full' : ratio >= 0.8 ? 'high' : 'ok'
  return (
    <li
      className={`board-agent board-agent--${agent.status}`}
      data-testid="board-agent"
      data-username={agent.username}
    >
      <span className="avatar avatar--small board-agent__avatar">
        {agent.displayName.slice(0, 1).toUpperCase()}
        <PresenceDot status={agent.status} />
      </span>
      <span className="board-agent__who">
        <span className="board-agent__name">{agent.displayName}</span>
        <span className="muted small">
          {t(`team.${agent.status}`)}
          {teamName !== null ? ` · ${teamName}` : ''}
        </span>
      </span>
      <span className="board-agent__load" title={t('team.load', { count: agent.openCount })}>
        <span className="load-bar">
          <span
            className={`load-bar__fill load-bar__fill--${tone}`}
            style={{ width: `${Math.round(ratio * 100)}%` }}
          />
        </span>
        <span className="board-agent__numbers" data-testid="board-load">
          {t('board.load', { open: agent.openCount, cap: agent.cap ?? t('board.noCap') })}
        </span>
      </span>
      {agent.openCount > 0 ? (
        <button
          type="button"
          className={`button button--small${agent.status === 'offline' ? ' button--warning' : ''}`}
          onClick={onHandover}
          data-testid="board-handover"
        >
          {t('board.handOver')}
        </button>
      ) : (
        <span />
      )}
    </li>
  )
}

function BoardBody({ board }: { board: Board }) {
  const { t, i18n } = useTranslation()
  const open = useOpenConversation()
  const format = useFormatTimeLeft()
  const now = useNowBucket(1000)
  const tags = useAppStore((state) => state.tags)
  const userName = useAppStore((state) => state.displayNameOfUser)
  const [handoverOf, setHandoverOf] = useState<string | null>(null)
  const agents = [...board.agents].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.openCount - a.openCount,
  )
  const scale = Math.max(1, ...board.agents.map((agent) => agent.openCount))
  const tagRows = Object.entries(board.tagCounts)
    .map(([tagId, count]) => ({ tag: tags.find((each) => each.id === tagId), tagId, count }))
    .sort((a, b) => b.count - a.count)
  const maxTag = Math.max(1, ...tagRows.map((row) => row.count))
  return (
    <div className="board" data-testid="board">
      <header className="board__header">
        <h1>{t('board.title')}</h1>
        <span className="board__live">
          <span className="board__pulse" aria-hidden />
          {t('board.live', { time: new Date(board.at).toLocaleTimeString(i18n.language) })}
        </span>
      </header>
      <Summary board={board} />
      <div className="board__grid">
        <div className="board__column">
          <section className="board-card board-card--agents" aria-label={t('board.agents')}>
            <h2 className="board-card__title">{t('board.agents')}</h2>
            {agents.length === 0 ? (
              <p className="muted">{t('board.noAgents')}</p>
            ) : (
              <ul className="board-list">
                {agents.map((agent) => (
                  <AgentRow
                    key={agent.username}
                    agent={agent}
                    scale={scale}
                    onHandover={() => setHandoverOf(agent.username)}
                  />
                ))}
              </ul>
            )}
          </section>
          <section className="board-card" aria-label={t('board.expiring')}>
            <h2 className="board-card__title">
              {t('board.expiring')} <span className="board-card__count">{board.expiring.length}</span>
            </h2>
            {board.expiring.length === 0 ? (
              <p className="muted">{t('board.expiringEmpty')}</p>
            ) : (
              <ul className="board-list" data-testid="board-expiring">
                {board.expiring.map((item) => (
                  <li key={item.conversationId}>
                    <button type="button" className="board-item" onClick={() => open(item.conversationId)}>
                      <ConversationName conversationId={item.conversationId} />
                      <span className="board-item__holder">
                        {item.assignee === null ? (
                          <span className="assignee-chip is-none">{t('board.nobody')}</span>
                        ) : (
                          <span className="assignee-chip">{userName(item.assignee)}</span>
                        )}
                      </span>
                      <ExpiryPill
                        conversationId={item.conversationId}
                        expiresAt={item.expiresAt}
                        messagesLeft={item.messagesLeft}
                        now={now}
                      />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <SlaBoardCard onOpen={open} />
          <section className="board-card" aria-label={t('board.tags')}>
            <h2 className="board-card__title">{t('board.tags')}</h2>
            {tagRows.length === 0 ? (
              <p className="muted">{t('board.tagsEmpty')}</p>
            ) : (
              <ul className="tag-bars" data-testid="board-tags">
                {tagRows.map((row) => (
                  <li key={row.tagId} style={{ '--tag': row.tag?.color ?? 'var(--grey)' } as CSSProperties}>
                    <span className="tag-bars__name">{row.tag?.name ?? row.tagId}</span>
                    <span className="tag-bars__track">
                      <span className="tag-bars__fill" style={{ width: `${(row.count / maxTag) * 100}%` }} />
                    </span>
                    <span className="tag-bars__count">{row.count}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="board__column">
          <section className="board-card board-card--queue" aria-label={t('board.queue')}>
            <h2 className="board-card__title">
              {t('board.queue')} <span className="board-card__count">{board.queue.length}</span>
            </h2>
            {board.queue.length === 0 ? (
              <p className="muted">{t('board.queueEmpty')}</p>
            ) : (
              <ul className="board-list" data-testid="board-queue">
                {board.queue.map((item) => {
                  const waited = item.waitingSince === null ? null : now - item.waitingSince
                  return (
                    <li key={item.conversationId}>
                      <button type="button" className="board-item" onClick={() => open(item.conversationId)}>
                        <ConversationName conversationId={item.conversationId} />
                        <span className={`board-item__wait${waitClass(waited)}`}>
                          {waited === null
                            ? t('board.neverWrote')
                            : t('board.waiting', { time: format(waited) })}
                        </span>
                      </button>
                    </li>
                  )
                })}
              </ul>
            )}
          </section>
        </div>
      </div>
      {handoverOf !== null ? (
        <HandoverDialog username={handoverOf} onClose={() => setHandoverOf(null)} />
      ) : null}
    </div>
  )
}

function ExpiryPill({
  conversationId,
  expiresAt,
  messagesLeft,
  now,
}: {
  conversationId: string
  expiresAt: number
  messagesLeft: number | null
  now: number
}) {
  const { t } = useTranslation()
  const format = useFormatTimeLeft()
  const history = useAppStore((state) => state.inboxById[conversationId]?.conversation.windowHistory)
  if (history !== undefined)
    return <CountdownPill history={history} accountKey={conversationKeyOf(conversationId).accountKey} />
  const left = expiresAt - now
  return (
    <span className={`countdown countdown--${left > 0 ? 'red' : 'expired'}`}>
      {left > 0 ? t('team.windowLeft', { time: format(left) }) : t('team.windowClosed')}
      {messagesLeft !== null ? ` · ${t('board.messagesLeft', { count: messagesLeft })}` : ''}
    </span>
  )
}

/** The supervisors' live board: agents and load, the queue, windows closing within the hour, tags. */
export function BoardScreen() {
  const { t } = useTranslation()
  const board = useAppStore((state) => state.board)
  const error = useAppStore((state) => state.boardError)
  if (error !== null)
    return (
      <div className="board board--empty">
        <p className="form-error" role="alert" data-testid="board-error">
          {t('board.failed', { message: error })}
        </p>
      </div>
    )
  if (board === null) return <div className="board board--empty muted">{t('board.loading')}</div>
  return <BoardBody board={board} />
}
