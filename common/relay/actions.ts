/**
 * Everything a user may try, by name: each command of the relay contract (`relay-commands.ts`) names the
 * one it needs, and the relay's `can` (relay/auth/permissions.ts) decides it for a user as they are now.
 */
export const RELAY_ACTIONS = [
  'conversation:view',
  'conversation:assign',
  'conversation:claim',
  'message:send',
  'user:create',
  /** Status, tags, private notes and the follower panel of a conversation the user works. */
  'conversation:work',
  'tag:manage',
  'canned-response:manage-team',
  'board:view',
  'user:manage',
  'team:manage',
  /** Erase one follower's data everywhere (relay, log, desktops). */
  'follower:erase',
  'audit-log:view',
  /** The auto-reply rules the relay answers followers with. */
  'auto-replies:manage',
  /** The official accounts served: add, edit, disable (secrets are write-only). */
  'account:manage',
  /** Reports: supervisors their team's, agents their own (relay/reports narrows the scope). */
  'report:view',
  /** Run an official account: QR codes, the menu, templates, broadcasts, followers (supervisors, admins). */
  'account:operate',
] as const

/** One thing a user may try. */
export type Action = (typeof RELAY_ACTIONS)[number]

/** What a refused user is told, per action: the same words on REST and the socket. */
export const REFUSAL_OF: Readonly<Record<Action, string>> = {
  'conversation:view': 'Not your conversation.',
  'conversation:assign': 'Only supervisors reassign conversations.',
  'conversation:claim': 'Someone else holds this conversation.',
  'message:send': 'You may not send messages.',
  'user:create': 'Only admins create users.',
  'conversation:work': 'Not your conversation.',
  'tag:manage': 'Only supervisors manage tags.',
  'canned-response:manage-team': 'Only supervisors manage team canned responses.',
  'board:view': 'Only supervisors see the board.',
  'report:view': 'You may not see reports.',
  'account:operate': 'Only supervisors and admins run the official account.',
  'user:manage': 'Only admins manage users.',
  'team:manage': 'Only admins manage teams.',
  'follower:erase': "Only admins erase a follower's data.",
  'audit-log:view': 'Only admins read the audit log.',
  'auto-replies:manage': 'Only admins manage auto-replies.',
  'account:manage': 'Only admins manage official accounts.',
}
