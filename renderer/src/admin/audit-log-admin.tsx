import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatFullTime, formatListTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { auditText, type AuditContext } from './audit-text.js'

/** The audit log (admins): who did what, when, newest first, in pages. */
export function AuditLogAdmin() {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const entries = useAppStore((state) => state.auditEntries)
  const next = useAppStore((state) => state.auditNext)
  const isLoaded = useAppStore((state) => state.isAuditLoaded)
  const teams = useAppStore((state) => state.teams)
  const accounts = useAppStore((state) => state.session.accounts)
  const tags = useAppStore((state) => state.tags)
  const displayNameOfUser = useAppStore((state) => state.displayNameOfUser)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void store
      .getState()
      .loadAuditLog()
      .then((result) => setError(result.ok ? null : result.message))
  }, [store])

  const context: AuditContext = {
    nameOfUser: displayNameOfUser,
    nameOfTeam: (id) => teams.find((team) => team.id === id)?.name,
    nameOfAccount: (key) => accounts?.find((account) => account.key === key)?.name,
    nameOfTag: (id) => tags.find((tag) => tag.id === id)?.name,
  }

  return (
    <div className="admin-section" data-testid="admin-audit">
      <p className="muted small">{t('audit.intro')}</p>
      {error !== null ? (
        <p className="form-error" role="alert" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      {isLoaded && entries.length === 0 ? <p className="muted">{t('audit.empty')}</p> : null}
      {entries.length > 0 ? (
        <table className="admin-table audit-table">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.what')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const text = auditText(entry, context, t)
              return (
                <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                  <td className="audit-table__when" title={formatFullTime(entry.at, i18n.language)}>
                    {formatListTime(entry.at, Date.now(), i18n.language)}
                  </td>
                  <td>{entry.actor === 'relay' ? t('audit.relay') : displayNameOfUser(entry.actor)}</td>
                  <td>{text.sentence}</td>
                  <td className="muted small" data-testid="audit-details">
                    {text.details.join(' · ')}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
      {next !== null ? (
        <button
          type="button"
          className="button"
          onClick={() =>
            void store
              .getState()
              .loadAuditLog({ older: true })
              .then((result) => setError(result.ok ? null : result.message))
          }
          data-testid="audit-older"
        >
          {t('audit.older')}
        </button>
      ) : null}
    </div>
  )
}
