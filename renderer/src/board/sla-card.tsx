import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { displayNameOf } from '../../../common/domain/conversation.js'
import { slaDueOf, slaStateAt, targetMsOf, teamOfConversation } from '../../../common/domain/sla.js'
import { useFormatTimeLeft } from '../inbox/countdown-pill.js'
import { useAppStore } from '../store/store-context.js'
import { useNowBucket } from '../ticker/use-ticker.js'

/**
 * The board's breaches and near-breaches of the teams' SLA targets, worst first, from the conversations
 * the supervisor's desktop holds (the same rule as the inbox's pill and the relay's reports).
 */
export function SlaBoardCard({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const { t } = useTranslation()
  const format = useFormatTimeLeft()
  const now = useNowBucket(15_000)
  const inboxById = useAppStore((state) => state.inboxById)
  const teams = useAppStore((state) => state.teams)
  const usersByName = useAppStore((state) => state.usersByName)
  const items = useMemo(() => {
    if (!teams.some((team) => team.sla !== null)) return []
    return Object.values(inboxById)
      .flatMap(({ conversation }) => {
        const team = teamOfConversation(
          conversation,
          (username) => usersByName[username]?.teamId ?? null,
          teams,
        )
        const due = team?.sla == null ? null : slaDueOf(conversation, team)
        if (due === null || team?.sla == null) return []
        const state = slaStateAt(due, targetMsOf(team.sla, conversation.tagIds, due.kind), now)
        return state === 'ok' ? [] : [{ conversation, due, state }]
      })
      .sort((a, b) => a.due.dueAt - b.due.dueAt)
  }, [inboxById, teams, usersByName, now])
  return (
    <section className="board-card" aria-label={t('sla.boardTitle')}>
      <h2 className="board-card__title">
        {t('sla.boardTitle')} <span className="board-card__count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('sla.boardEmpty')}</p>
      ) : (
        <ul className="board-list" data-testid="board-sla">
          {items.map(({ conversation, due, state }) => (
            <li key={conversation.id}>
              <button type="button" className="board-item" onClick={() => onOpen(conversation.id)}>
                <span className="board-item__name">{displayNameOf(conversation)}</span>
                <span className="board-item__holder">
                  {conversation.assignee === null
                    ? t('board.nobody')
                    : (usersByName[conversation.assignee]?.displayName ?? conversation.assignee)}
                </span>
                <span className={`sla-pill sla-pill--${state}`} data-state={state}>
                  {state === 'breached'
                    ? t('sla.late', { time: format(now - due.dueAt) })
                    : `${t('sla.near')} ${format(due.dueAt - now)}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
