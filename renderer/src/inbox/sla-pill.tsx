import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Conversation } from '../../../common/domain/conversation.js'
import { slaDueOf, slaStateAt, targetMsOf, teamOfConversation } from '../../../common/domain/sla.js'
import { useAppStore } from '../store/store-context.js'
import { useTicker } from '../ticker/use-ticker.js'
import { useFormatTimeLeft } from './countdown-pill.js'

type SlaFacts = Pick<
  Conversation,
  'status' | 'awaitingReplySince' | 'ticketRepliedAt' | 'tagIds' | 'assignee' | 'accountKey'
>

/**
 * Time left against the team's SLA target for the reply the follower awaits, beside the window's
 * countdown, on the same shared ticker (common/domain/sla.ts is the rule the relay's reports count by).
 * Nothing when no target applies.
 */
export function SlaPill({ conversation }: { conversation: SlaFacts }) {
  const { t } = useTranslation()
  const format = useFormatTimeLeft()
  const team = useAppStore((state) =>
    teamOfConversation(conversation, (username) => state.usersByName[username]?.teamId ?? null, state.teams),
  )
  const due = team === null ? null : slaDueOf(conversation, team)
  const derive = useCallback(
    (now: number) =>
      due === null || team?.sla == null
        ? 'none'
        : `${slaStateAt(due, targetMsOf(team.sla, conversation.tagIds, due.kind), now)}|${Math.round((due.dueAt - now) / 1000)}`,
    [due?.dueAt, due?.kind, team, conversation.tagIds],
  )
  const reading = useTicker(derive)
  if (reading === 'none' || due === null) return null
  const [state, secondsText] = reading.split('|') as [string, string]
  const seconds = Number(secondsText)
  const label = seconds >= 0 ? format(seconds * 1000) : t('sla.late', { time: format(-seconds * 1000) })
  return (
    <span
      className={`sla-pill sla-pill--${state}`}
      data-state={state}
      data-testid="sla-pill"
      title={t(due.kind === 'first_response' ? 'sla.firstTitle' : 'sla.nextTitle', { time: label })}
    >
      {t('sla.short')} {label}
    </span>
  )
}
