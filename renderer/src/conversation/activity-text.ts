import type { TFunction } from 'i18next'
import type { InternalBody } from '../../../common/domain/message.js'

/** An activity body (assigned, tagged, resolved…). */
export type ActivityBody = Extract<InternalBody, { readonly type: 'activity' }>

/** What an activity line needs besides its body: who did it and how to name people and tags. */
export interface ActivityContext {
  /** Username of whoever did it; null for the relay itself (auto-assignment, auto-replies). */
  readonly actor: string | null
  readonly nameOfUser: (username: string) => string
  /** The tag's current name, or undefined when the tag no longer exists. */
  readonly nameOfTag: (tagId: string) => string | undefined
  /** A time of day in the agent's language. */
  readonly timeOf: (at: number) => string
}

const STATUSES = new Set(['open', 'pending', 'resolved'])

function tagNames(
  body: Exclude<ActivityBody, { action: 'window_rescue' }>,
  context: ActivityContext,
): readonly string[] {
  if (body.tagIds === undefined || body.tagIds.length === 0) return body.detail === '' ? [] : [body.detail]
  // Current names, so a renamed tag reads as the team now knows it; the stored names cover deleted tags.
  const stored = body.tagIds.length === 1 ? [body.detail] : []
  return body.tagIds.map((id, index) => context.nameOfTag(id) ?? stored[index] ?? id)
}

/**
 * One activity as a sentence in the agent's language ("Mei Chen claimed this conversation", "Lin Wang
 * assigned this to Tom"), built from the body's fields, never from stored prose.
 */
export function activityText(body: ActivityBody, context: ActivityContext, t: TFunction): string {
  const who = context.actor === null ? t('activity.system') : context.nameOfUser(context.actor)
  switch (body.action) {
    case 'assigned':
      if (context.actor === null) return t('activity.autoAssigned', { name: context.nameOfUser(body.detail) })
      return body.detail === context.actor
        ? t('activity.claimed', { who })
        : t('activity.assigned', { who, name: context.nameOfUser(body.detail) })
    case 'unassigned':
      return body.detail === '' || body.detail === context.actor
        ? t('activity.returned', { who })
        : t('activity.unassigned', { who, name: context.nameOfUser(body.detail) })
    case 'status_changed':
      return STATUSES.has(body.detail)
        ? t(`activity.status.${body.detail}`, { who })
        : t('activity.statusOther', { who, status: body.detail })
    case 'tagged':
    case 'untagged': {
      const names = tagNames(body, context)
      const key = names.length > 1 ? `${body.action}Many` : body.action
      return t(`activity.${key}`, { who, tags: names.join(t('activity.listSeparator')) })
    }
    case 'window_rescue': {
      const name = context.nameOfUser(body.detail)
      const time = body.closesAt === undefined ? '' : context.timeOf(body.closesAt)
      return t(`activity.rescue.${body.outcome}`, {
        to: body.to === undefined ? '' : context.nameOfUser(body.to),
        why: t(`activity.rescueReason.${body.reason}`, { name, time }),
      })
    }
    case 'snoozed':
      return body.detail === ''
        ? t('activity.snoozedUntilReply', { who })
        : t('activity.snoozed', { who, time: context.timeOf(Number(body.detail)) })
    case 'unsnoozed':
      return t('activity.unsnoozed', { who })
    case 'remark_changed':
      return body.detail === ''
        ? t('activity.remarkCleared', { who })
        : t('activity.remarkChanged', { who, remark: body.detail })
    default:
      return t('activity.unknown', { who })
  }
}
