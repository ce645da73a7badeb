import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AuditEntry } from '../../../common/domain/audit.js'
import { formatFullTime, formatListTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** The details worth a column: facts the action sentence does not already say. */
function detailsOf(entry: AuditEntry, t: (key: string) => string): string {
  return Object.entries(entry.details)
    .filter(([key]) => key !== 'name' && key !== 'shortCode')
    .map(([key, value]) =>
      key === 'reason' && typeof value === 'string'
        ? t(`audit.reasons.${value}`)
        : `${key}: ${value === true ? '✓' : String(value)}`,
    )
    .join(' · ')
}

/** The audit log (admins): who did what, when, newest first, in pages. */
export function AuditLogAdmin() {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const entries = useAppStore((state) => state.auditEntries)
  const next = useAppStore((state) => state.auditNext)
  const isLoaded = useAppStore((state) => state.isAuditLoaded)
  const teams = useAppStore((state) => state.teams)
  const tags = useAppStore((state) => state.tags)
  const displayNameOfUser = useAppStore((state) => state.displayNameOfUser)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void store
      .getState()
      .loadAuditLog()
      .then((result) => setError(result.ok ? null : result.message))
  }, [store])

  // What the sentence names: a team or tag by its name, a canned reply by its short code, else the id.
  const targetOf = (entry: AuditEntry): string => {
    const { name, shortCode } = entry.details
    if (typeof shortCode === 'string') return `/${shortCode}`
    if (typeof name === 'string') return name
    if (entry.target === null) return ''
    if (entry.action.startsWith('team.'))
      return teams.find((team) => team.id === entry.target)?.name ?? entry.target
    if (entry.action.startsWith('tag.'))
      return tags.find((tag) => tag.id === entry.target)?.name ?? entry.target
    if (entry.action.startsWith('user.')) return displayNameOfUser(entry.target)
    return entry.target
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
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                <td className="audit-table__when" title={formatFullTime(entry.at, i18n.language)}>
                  {formatListTime(entry.at, Date.now(), i18n.language)}
                </td>
                <td>{entry.actor === 'relay' ? t('audit.relay') : displayNameOfUser(entry.actor)}</td>
                <td>{t(`audit.actions.${entry.action}`, { target: targetOf(entry) })}</td>
                <td className="muted small">{detailsOf(entry, t)}</td>
              </tr>
            ))}
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
