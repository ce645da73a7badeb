import type { InvokeRequest } from '../../../common/ipc/channels.js'
import { BusinessHoursSettings, SatisfactionSettings, SlaSettings } from './service-level-settings.js'
import { AutoResolveField, WindowRescueSettings } from './window-rescue-settings.js'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Team } from '../../../common/domain/team.js'
import type { CommandResult } from '../store/app-state.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { AccountLimitPicker } from '../settings/account-limit-picker.js'
import { PresenceDot } from '../team/presence-dot.js'
import { CommandFeedback, useCommandFeedback } from './users-admin.js'

/** What a team card changes: any fields of the team's update request but its id. */
type TeamPatch = Omit<InvokeRequest<'teams:update'>, 'id'>

function capOf(text: string): number | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : Number.parseInt(trimmed, 10)
}

function CreateTeamForm({ onResult }: { onResult: (result: CommandResult) => boolean }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const [name, setName] = useState('')
  const [isSharing, setSharing] = useState(false)
  const [isAutoAssigning, setAutoAssigning] = useState(false)
  const [cap, setCap] = useState('')
  return (
    <form
      className="settings-form admin-form admin-form--team"
      data-testid="create-team"
      onSubmit={async (event) => {
        event.preventDefault()
        const result = await store.getState().createTeam({
          name: name.trim(),
          isSharingConversations: isSharing,
          isAutoAssigning,
          agentCap: capOf(cap),
        })
        if (onResult(result)) {
          setName('')
          setCap('')
        }
      }}
    >
      <label className="field field--grow">
        <span className="field__label">{t('admin.teamName')}</span>
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={64}
          data-testid="new-team-name"
        />
      </label>
      <label className="field field--narrow">
        <span className="field__label">{t('admin.cap')}</span>
        <input
          type="number"
          min={1}
          max={1000}
          value={cap}
          placeholder={t('admin.capHint')}
          onChange={(event) => setCap(event.target.value)}
        />
      </label>
      <div className="admin-form__checks">
        <label className="checkbox">
          <input type="checkbox" checked={isSharing} onChange={(event) => setSharing(event.target.checked)} />
          {t('admin.sharing')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={isAutoAssigning}
            onChange={(event) => setAutoAssigning(event.target.checked)}
          />
          {t('admin.autoAssign')}
        </label>
      </div>
      <div className="admin-form__submit">
        <button
          type="submit"
          className="button button--primary"
          disabled={name.trim() === ''}
          data-testid="create-team-submit"
        >
          {t('admin.createTeam')}
        </button>
      </div>
    </form>
  )
}

function TeamCard({ team, onResult }: { team: Team; onResult: (result: CommandResult) => boolean }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const users = useAppStore((state) => state.usersByName)
  const presenceByName = useAppStore((state) => state.presenceByName)
  const [cap, setCap] = useState(team.agentCap === null ? '' : String(team.agentCap))
  const members = Object.values(users)
    .filter((user) => user.teamId === team.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
  const others = Object.values(users)
    .filter((user) => user.teamId !== team.id && !user.isDisabled)
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
  const update = async (patch: TeamPatch) =>
    onResult(await store.getState().updateTeam({ id: team.id, ...patch }))
  const setMember = async (username: string, teamId: string | null) =>
    onResult(await store.getState().updateUser({ username, teamId }))
  const saveCap = (): void => {
    const next = capOf(cap)
    if (next !== team.agentCap) void update({ agentCap: next })
  }
  return (
    <article className="team-card" data-testid="team-card" data-team-id={team.id}>
      <header className="team-card__header">
        <h3>{team.name}</h3>
        <span className="board-card__count" title={t('admin.members')}>
          {members.length}
        </span>
      </header>
      <div className="team-card__settings">
        <label className="switch">
          <input
            type="checkbox"
            checked={team.isAutoAssigning}
            onChange={(event) => void update({ isAutoAssigning: event.target.checked })}
            data-testid="team-auto-assign"
          />
          <span className="switch__track" aria-hidden />
          <span>
            {t('admin.autoAssign')}
            <span className="field__hint block">{t('admin.autoAssignHint')}</span>
          </span>
        </label>
        <label className="switch">
          <input
            type="checkbox"
            checked={team.isSharingConversations}
            onChange={(event) => void update({ isSharingConversations: event.target.checked })}
            data-testid="team-sharing"
          />
          <span className="switch__track" aria-hidden />
          <span>{t('admin.sharing')}</span>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t('admin.cap')}</span>
          <input
            type="number"
            min={1}
            max={1000}
            className="admin-input admin-input--cap"
            value={cap}
            placeholder={t('admin.capHint')}
            onChange={(event) => setCap(event.target.value)}
            onBlur={saveCap}
            onKeyDown={(event) => event.key === 'Enter' && saveCap()}
            data-testid="team-cap"
          />
        </label>
      </div>
      <AccountLimitPicker
        value={team.accountKeys}
        onChange={(accountKeys) => void update({ accountKeys })}
        hint={t('admin.teamAccountsHint')}
      />
      <WindowRescueSettings
        policy={team.windowRescue}
        onChange={(windowRescue) => void update({ windowRescue })}
      />
      <AutoResolveField
        hours={team.autoResolveAfterHours}
        onChange={(autoResolveAfterHours) => void update({ autoResolveAfterHours })}
      />
      <BusinessHoursSettings
        hours={team.businessHours}
        // The wire's types are readonly, the request's mutable: the same values.
        onChange={(businessHours) =>
          void update({ businessHours: businessHours as TeamPatch['businessHours'] })
        }
      />
      <SlaSettings sla={team.sla} onChange={(sla) => void update({ sla: sla as TeamPatch['sla'] })} />
      <SatisfactionSettings
        policy={team.satisfaction}
        onChange={(satisfaction) => void update({ satisfaction })}
      />
      <div className="team-card__members">
        <span className="field__label">{t('admin.members')}</span>
        {members.length === 0 ? <p className="muted small">{t('admin.noMembers')}</p> : null}
        <ul className="member-chips">
          {members.map((user) => (
            <li key={user.username} className="member-chip" data-testid="team-member">
              <PresenceDot status={presenceByName[user.username]?.status ?? 'offline'} />
              {user.displayName}
              <span className="muted small">{t(`roles.${user.role}`)}</span>
              <button
                type="button"
                className="member-chip__remove"
                aria-label={t('admin.remove')}
                title={t('admin.remove')}
                onClick={() => void setMember(user.username, null)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {others.length > 0 ? (
          <select
            value=""
            onChange={(event) => event.target.value !== '' && void setMember(event.target.value, team.id)}
            aria-label={t('admin.addMember')}
            data-testid="team-add-member"
          >
            <option value="">{t('admin.addMember')}</option>
            {others.map((user) => (
              <option key={user.username} value={user.username}>
                {user.displayName} ({user.username})
              </option>
            ))}
          </select>
        ) : null}
      </div>
    </article>
  )
}

/** Admins: teams with their members, auto-assignment, the per-agent cap and sharing. */
export function TeamsAdmin() {
  const { t } = useTranslation()
  const teams = useAppStore((state) => state.teams)
  const { error, isSaved, report } = useCommandFeedback()
  return (
    <div className="admin-section" data-testid="admin-teams">
      <CreateTeamForm onResult={report} />
      <CommandFeedback error={error} isSaved={isSaved} />
      {teams.length === 0 ? <p className="muted">{t('admin.noTeams')}</p> : null}
      <div className="team-cards">
        {teams.map((team) => (
          <TeamCard key={team.id} team={team} onResult={report} />
        ))}
      </div>
    </div>
  )
}
