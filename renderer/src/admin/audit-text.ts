import type { TFunction } from 'i18next'
import type { AuditEntry } from '../../../common/domain/audit.js'

/** How an audit line names people, teams and tags: as the team knows them now. */
export interface AuditContext {
  readonly nameOfUser: (username: string) => string
  /** The team's current name, or undefined when it is unknown here. */
  readonly nameOfTeam: (teamId: string) => string | undefined
  readonly nameOfAccount: (accountKey: string) => string | undefined
  readonly nameOfTag: (tagId: string) => string | undefined
}

/** One audit entry in the admin's language: what happened, and the facts beside it. */
export interface AuditText {
  readonly sentence: string
  /** One readable phrase per recorded fact ("Role: supervisor", "Password reset"). */
  readonly details: readonly string[]
}

type Value = AuditEntry['details'][string]

function sentenceOf(entry: AuditEntry, context: AuditContext, t: TFunction): string {
  const { details } = entry
  const target = entry.target ?? ''
  const key = `audit.actions.${entry.action}`
  switch (entry.action) {
    case 'user.created':
    case 'user.updated':
      return t(key, { target: context.nameOfUser(target) })
    case 'account.created':
    case 'account.updated':
      return t(key, { target: stringOf(details['name']) ?? context.nameOfAccount(target) ?? target })
    case 'menu.updated':
    case 'menu.deleted':
      return t(key, { target: context.nameOfAccount(target) ?? target })
    case 'qr-code.created':
      return t(key, {
        target: context.nameOfAccount(target) ?? target,
        scene: stringOf(details['scene']) ?? '',
      })
    case 'team.created':
    case 'team.updated':
      return t(key, { target: stringOf(details['name']) ?? context.nameOfTeam(target) ?? target })
    case 'tag.created':
    case 'tag.updated':
      return t(key, { target: stringOf(details['name']) ?? context.nameOfTag(target) ?? target })
    case 'canned-response.created':
    case 'canned-response.deleted': {
      const shortCode = stringOf(details['shortCode'])
      return t(key, { target: shortCode === undefined ? target : `/${shortCode}` })
    }
    case 'sign-in-throttle.cleared': {
      // Which throttles went is the filter the admin used: a username, an address, both, or neither.
      const address = stringOf(details['address'])
      if (entry.target === null)
        return address === undefined ? t(`${key}All`) : t(`${key}Address`, { address })
      const name = context.nameOfUser(entry.target)
      return address === undefined ? t(`${key}User`, { target: name }) : t(key, { target: name, address })
    }
    default:
      return t(key, { target })
  }
}

/** Keys the sentence already says. */
function isInSentence(entry: AuditEntry, key: string): boolean {
  if (key === 'shortCode') return true
  if (key === 'address') return entry.action === 'sign-in-throttle.cleared'
  // A renamed team is named by its new name in the sentence too, but the rename is worth saying.
  return key === 'name' && entry.action !== 'team.updated'
}

function detailOf(
  entry: AuditEntry,
  key: string,
  value: Value,
  context: AuditContext,
  t: TFunction,
): string | null {
  const field = (label: string, shown: string): string => t(`audit.fields.${label}`, { value: shown })
  const yesNo = (shown: Value): string => t(shown === true ? 'audit.values.yes' : 'audit.values.no')
  const none = t('audit.values.none')
  switch (key) {
    case 'role':
      return field('role', typeof value === 'string' ? t(`roles.${value}`) : none)
    case 'displayName':
    case 'kfAccount':
    case 'name':
    case 'color':
      return field(key, stringOf(value) ?? none)
    case 'teamId':
      return field('team', typeof value === 'string' ? (context.nameOfTeam(value) ?? value) : none)
    case 'agentCap':
      return field('agentCap', value === null ? none : String(value))
    case 'accountKeys': {
      // Recorded as its JSON, as every nested value is (relay/audit/record-audit.ts).
      const keys = keysOf(value)
      // A new team answering every account is the default, not worth a line.
      if (keys.length === 0 && entry.action.endsWith('.created')) return null
      const names = keys.map((key) => context.nameOfAccount(key) ?? key)
      return field('accounts', names.length === 0 ? t('audit.values.everyAccount') : names.join(', '))
    }
    case 'isSharingConversations':
      return field('sharing', yesNo(value))
    case 'isAutoAssigning':
      return field('autoAssign', yesNo(value))
    case 'isDisabled':
      return t(value === true ? 'audit.facts.disabled' : 'audit.facts.enabled')
    case 'passwordChanged':
      return value === true ? t('audit.facts.passwordReset') : null
    case 'hasPicture':
      return value === true ? t('audit.facts.withPicture') : null
    case 'reason':
      return typeof value === 'string' ? t(`audit.reasons.${value}`) : null
    case 'messages':
      return field('messages', String(value))
    case 'cleared':
      return field('cleared', String(value))
    default:
      // A fact this console does not know yet (a newer relay): shown as recorded, never hidden.
      return `${key}: ${String(value)}`
  }
}

/**
 * One audit entry as a sentence and readable facts in the admin's language ("Changed user Lin Wang" ·
 * "Role: admin"), built from the recorded fields, never from stored prose. Secrets never reach it: the
 * relay keeps only that they changed.
 */
export function auditText(entry: AuditEntry, context: AuditContext, t: TFunction): AuditText {
  const details: string[] = []
  for (const [key, value] of Object.entries(entry.details)) {
    if (isInSentence(entry, key)) continue
    // What a new thing did not set says nothing; on a change, null means the value was removed.
    if (value === null && entry.action.endsWith('.created')) continue
    const detail = detailOf(entry, key, value, context, t)
    if (detail !== null) details.push(detail)
  }
  return { sentence: sentenceOf(entry, context, t), details }
}

function stringOf(value: Value | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function keysOf(value: Value): string[] {
  if (typeof value !== 'string') return []
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed.map(String) : []
  } catch {
    return [value]
  }
}
