/**
 * The admin actions the relay's audit log records. Each names the kind of thing changed and what
 * happened to it; the console translates each one, so the list is closed and shared.
 */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.updated',
  'team.created',
  'team.updated',
  'tag.created',
  'tag.updated',
  'canned-response.created',
  'canned-response.deleted',
  'auto-replies.updated',
  'follower.erased',
  'sign-in-throttle.cleared',
  'account.created',
  'account.updated',
  'qr-code.created',
  'menu.updated',
  'menu.deleted',
] as const

/** One of the audited admin actions. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** One line of the audit log: who did what to which thing, when. */
export interface AuditEntry {
  /** Grows with every entry: newest first is highest first. */
  readonly id: number
  readonly at: number
  /** Username of whoever acted (`relay` for what the relay did by its configuration). */
  readonly actor: string
  readonly action: AuditAction
  /** What was acted on: a username, team or tag id, canned response id, conversation id; null for settings. */
  readonly target: string | null
  /** The facts worth keeping beside the action (fields changed, counts erased); never secrets or follower content. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>
}
