import { useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Role, User } from '../../../common/domain/user.js'
import { avatarHue } from '../shell/format-time.js'
import type { CommandResult } from '../store/app-state.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { PresenceDot } from '../team/presence-dot.js'

const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin']

/** Shows the relay's own words for a refusal (`forbidden`, `conflict`, `invalid`), plainly. */
export function useCommandFeedback() {
  const [error, setError] = useState<string | null>(null)
  const [isSaved, setSaved] = useState(false)
  const report = (result: CommandResult): boolean => {
    setError(result.ok ? null : result.message)
    setSaved(result.ok)
    return result.ok
  }
  return { error, isSaved, report }
}

/** What the last admin command came to: the relay's refusal in its words, or that it was saved. */
export function CommandFeedback({ error, isSaved }: { error: string | null; isSaved: boolean }) {
  const { t } = useTranslation()
  if (error !== null) {
    return (
      <p className="form-error" role="alert" data-testid="admin-error">
        {t('admin.failed', { message: error })}
      </p>
    )
  }
  return isSaved ? (
    <p className="form-ok" role="status">
      {t('admin.saved')}
    </p>
  ) : null
}

function CreateUserForm({ onResult }: { onResult: (result: CommandResult) => boolean }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const teams = useAppStore((state) => state.teams)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('agent')
  const [teamId, setTeamId] = useState('')
  const [kfAccount, setKfAccount] = useState('')
  const submit = async (): Promise<void> => {
    const created = await store.getState().createUser({
      username: username.trim(),
      password,
      role,
      ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }),
      ...(kfAccount.trim() === '' ? {} : { kfAccount: kfAccount.trim() }),
    })
    // A new user's team is a second command: the relay creates users without one.
    const placed =
      created.ok && teamId !== ''
        ? await store.getState().updateUser({ username: username.trim(), teamId })
        : created
    if (onResult(placed)) {
      setUsername('')
      setDisplayName('')
      setPassword('')
      setKfAccount('')
    }
  }
  return (
    <form
      className="settings-form admin-form"
      data-testid="create-user"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <label className="field">
        <span className="field__label">{t('admin.username')}</span>
        <input
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          placeholder="lin"
          data-testid="new-username"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('admin.displayName')}</span>
        <input
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          placeholder="Lin Wei"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('admin.password')}</span>
        <input
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
          data-testid="new-password"
        />
        <span className="field__hint">{t('admin.passwordHint')}</span>
      </label>
      <label className="field">
        <span className="field__label">{t('admin.role')}</span>
        <select value={role} onChange={(event) => setRole(event.target.value as Role)} data-testid="new-role">
          {ROLES.map((each) => (
            <option key={each} value={each}>
              {t(`roles.${each}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('admin.team')}</span>
        <select value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          <option value="">{t('admin.noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('admin.kfAccount')}</span>
        <input
          value={kfAccount}
          onChange={(event) => setKfAccount(event.target.value)}
          placeholder="lin@gh_account"
        />
      </label>
      <div className="admin-form__submit">
        <button
          type="submit"
          className="button button--primary"
          disabled={username.trim() === '' || password === ''}
          data-testid="create-user-submit"
        >
          {t('admin.createUser')}
        </button>
      </div>
    </form>
  )
}

function UserRow({ user, onResult }: { user: User; onResult: (result: CommandResult) => boolean }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const me = useAppStore((state) => state.session.user?.username)
  const teams = useAppStore((state) => state.teams)
  const status = useAppStore((state) => state.presenceByName[user.username]?.status ?? 'offline')
  const [kfAccount, setKfAccount] = useState(user.kfAccount ?? '')
  const [isResetting, setResetting] = useState(false)
  const [password, setPassword] = useState('')
  const update = async (
    patch: Omit<Parameters<ReturnType<typeof store.getState>['updateUser']>[0], 'username'>,
  ) => onResult(await store.getState().updateUser({ username: user.username, ...patch }))
  const saveKfAccount = (): void => {
    const next = kfAccount.trim() === '' ? null : kfAccount.trim()
    if (next !== user.kfAccount) void update({ kfAccount: next })
  }
  return (
    <tr
      className={user.isDisabled ? 'is-disabled' : undefined}
      data-testid="user-row"
      data-username={user.username}
    >
      <td>
        <span className="admin-user">
          <span
            className="avatar avatar--small"
            style={{ '--hue': avatarHue(user.username) } as CSSProperties}
          >
            {user.displayName.slice(0, 1).toUpperCase()}
            <PresenceDot status={status} />
          </span>
          <span className="admin-user__names">
            <strong>
              {user.displayName}
              {user.username === me ? <span className="muted small"> · {t('admin.you')}</span> : null}
            </strong>
            <span className="muted small mono">{user.username}</span>
          </span>
          {user.isDisabled ? (
            <span className="status-chip status-chip--disabled">{t('admin.disabled')}</span>
          ) : null}
        </span>
      </td>
      <td>
        <select
          value={user.role}
          aria-label={t('admin.role')}
          onChange={(event) => void update({ role: event.target.value as Role })}
          data-testid="user-role"
        >
          {ROLES.map((each) => (
            <option key={each} value={each}>
              {t(`roles.${each}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          value={user.teamId ?? ''}
          aria-label={t('admin.team')}
          onChange={(event) => void update({ teamId: event.target.value === '' ? null : event.target.value })}
          data-testid="user-team"
        >
          <option value="">{t('admin.noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          className="admin-input"
          value={kfAccount}
          placeholder="—"
          aria-label={t('admin.kfAccount')}
          title={t('admin.kfAccountHint')}
          onChange={(event) => setKfAccount(event.target.value)}
          onBlur={saveKfAccount}
          onKeyDown={(event) => event.key === 'Enter' && saveKfAccount()}
          data-testid="user-kf"
        />
      </td>
      <td className="admin-actions">
        {isResetting ? (
          <form
            className="admin-reset"
            onSubmit={async (event) => {
              event.preventDefault()
              if (await update({ password })) {
                setResetting(false)
                setPassword('')
              }
            }}
          >
            <input
              type="password"
              className="admin-input"
              value={password}
              placeholder={t('admin.newPassword')}
              autoComplete="new-password"
              onChange={(event) => setPassword(event.target.value)}
              data-testid="reset-password-input"
              autoFocus
            />
            <button type="submit" className="button button--small button--primary" disabled={password === ''}>
              {t('admin.save')}
            </button>
            <button type="button" className="link-button" onClick={() => setResetting(false)}>
              {t('team.cancel')}
            </button>
          </form>
        ) : (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() => setResetting(true)}
              data-testid="reset-password"
            >
              {t('admin.resetPassword')}
            </button>
            <button
              type="button"
              className={`button button--small${user.isDisabled ? '' : ' button--danger'}`}
              onClick={() => void update({ isDisabled: !user.isDisabled })}
              data-testid="toggle-disabled"
            >
              {user.isDisabled ? t('admin.enable') : t('admin.disable')}
            </button>
          </>
        )}
      </td>
    </tr>
  )
}

/** Admins: create users; change role, team and kf persona; reset passwords; disable. */
export function UsersAdmin() {
  const { t } = useTranslation()
  const users = useAppStore((state) => state.usersByName)
  const { error, isSaved, report } = useCommandFeedback()
  const list = Object.values(users).sort(
    (a, b) => Number(a.isDisabled) - Number(b.isDisabled) || a.displayName.localeCompare(b.displayName),
  )
  return (
    <div className="admin-section" data-testid="admin-users">
      <CreateUserForm onResult={report} />
      <CommandFeedback error={error} isSaved={isSaved} />
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('admin.users')}</th>
            <th>{t('admin.role')}</th>
            <th>{t('admin.team')}</th>
            <th>{t('admin.kfAccount')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((user) => (
            <UserRow key={user.username} user={user} onResult={report} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
