import type { BusinessHours } from '../../common/domain/business-hours.js'
import type { InboundPush } from '../../common/domain/inbound.js'
import type { AutoReplyRules } from '../../common/relay/auto-reply-rules.js'
import { isWithinWorkingHours } from './working-hours.js'

/** Which rule answered: stable names, used in client ids and cooldowns. */
export type AutoReplyRule = 'welcome' | 'scan' | 'menu' | 'keyword' | 'off_hours'

/** The reply the rules choose for a push, or null. */
export interface AutoReplyChoice {
  readonly rule: AutoReplyRule
  readonly text: string
}

/**
 * Picks the auto-reply for one stored push (pure): welcome by QR scene on follow (with the default),
 * scene text on a scan, menu text by EventKey, keywords (exact before contains), then the off-hours
 * reply for any follower message outside working hours (the team's calendar when it keeps one).
 */
export function autoReplyFor(
  push: InboundPush,
  rules: AutoReplyRules,
  at: number,
  teamCalendar: BusinessHours | null = null,
): AutoReplyChoice | null {
  if (push.kind === 'event') {
    const body = push.body
    if (body.event === 'subscribe') {
      const sceneText = body.qrScene === undefined ? undefined : rules.welcome.byScene[body.qrScene]
      const text = sceneText ?? rules.welcome.defaultText
      return text === null ? null : { rule: 'welcome', text }
    }
    if (body.event === 'scan') {
      const text = rules.welcome.byScene[body.scene]
      return text === undefined ? null : { rule: 'scan', text }
    }
    if (body.event === 'click') {
      const text = rules.menu[body.key]
      return text === undefined ? null : { rule: 'menu', text }
    }
    return null
  }
  if (push.body.type === 'text') {
    const said = push.body.text.trim().toLowerCase()
    const exact = rules.keywords.find((rule) => rule.match === 'exact' && rule.keyword.toLowerCase() === said)
    const contains = rules.keywords.find(
      (rule) => rule.match === 'contains' && said.includes(rule.keyword.toLowerCase()),
    )
    const keyword = exact ?? contains
    if (keyword !== undefined) return { rule: 'keyword', text: keyword.text }
  }
  if (rules.offHours.isEnabled && !isWithinWorkingHours(rules.offHours, at, teamCalendar)) {
    return { rule: 'off_hours', text: rules.offHours.text }
  }
  return null
}
