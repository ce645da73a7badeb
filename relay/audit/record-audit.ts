import type { AuditAction, AuditEntry } from '../../common/domain/audit.js'
import type { StoreTransaction } from '../store/relay-store.js'

/** What a service tells the audit log of an admin action. */
export interface AuditRecord {
  /** Username of whoever acted. */
  readonly actor: string
  readonly action: AuditAction
  readonly target: string | null
  /** Facts about the change; `undefined` values are left out. */
  readonly details?: Readonly<Record<string, unknown>>
}

/** The actor of what the relay does by its own configuration (erasure on unsubscribe, retention). */
export const RELAY_ACTOR = 'relay'

/** Fields whose values never reach the log: only that they changed. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'passwordHash',
  'token',
  'image',
  'appSecret',
  'encodingAESKey',
  'encodingAESKeyPrevious',
])

/**
 * The one way an admin action reaches the audit log: call it inside the change's own transaction, so
 * the entry exists exactly when the change does. Secrets become `<field>Changed: true`, nested values
 * their JSON, so no caller formats or filters on its own.
 */
export function recordAudit(tx: StoreTransaction, at: number, record: AuditRecord): Promise<AuditEntry> {
  const details: Record<string, string | number | boolean | null> = {}
  for (const [key, value] of Object.entries(record.details ?? {})) {
    if (value === undefined) continue
    if (SECRET_FIELDS.has(key)) details[`${key}Changed`] = true
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      details[key] = value as string | number | boolean | null
    else details[key] = JSON.stringify(value)
  }
  return tx.audit.append({
    at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    details,
  })
}
