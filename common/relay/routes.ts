/** A REST path with one `:parameter`: called with its value it gives the path; the relay mounts `pattern`. */
export type RelayPath = ((value: string) => string) & { readonly pattern: string }

function pathOf(pattern: string): RelayPath {
  const fill = (value: string): string => pattern.replace(/:\w+/, encodeURIComponent(value))
  return Object.assign(fill, { pattern })
}

/**
 * The relay's REST paths, shared by the relay's routes and the desktop's client so neither spells them
 * on its own. Every `/api` route but `session` needs `Authorization: Bearer <token>`.
 */
export const RELAY_ROUTES = {
  /** `POST` signs in, `DELETE` signs the caller's token out. */
  session: '/api/session',
  conversations: '/api/conversations',
  conversation: pathOf('/api/conversations/:id'),
  messages: pathOf('/api/conversations/:id/messages'),
  templates: pathOf('/api/conversations/:id/templates'),
  notes: pathOf('/api/conversations/:id/notes'),
  assignee: pathOf('/api/conversations/:id/assignee'),
  status: pathOf('/api/conversations/:id/status'),
  snooze: pathOf('/api/conversations/:id/snooze'),
  tagsOf: pathOf('/api/conversations/:id/tags'),
  follower: pathOf('/api/conversations/:id/follower'),
  typing: pathOf('/api/conversations/:id/typing'),
  media: '/api/media',
  /** `GET` a message's media file, `?role=original|playable|thumbnail|poster` (byte ranges taken). */
  messageMedia: pathOf('/api/messages/:id/media'),
  tags: '/api/tags',
  tag: pathOf('/api/tags/:id'),
  cannedResponses: '/api/canned-responses',
  cannedResponse: pathOf('/api/canned-responses/:id'),
  cannedResponseMedia: pathOf('/api/canned-responses/:id/media'),
  cannedResponseImage: pathOf('/api/canned-responses/:id/image'),
  users: '/api/users',
  user: pathOf('/api/users/:username'),
  userOpenConversations: pathOf('/api/users/:username/open-conversations'),
  userHandover: pathOf('/api/users/:username/handover'),
  teams: '/api/teams',
  team: pathOf('/api/teams/:id'),
  accounts: '/api/accounts',
  account: pathOf('/api/accounts/:key'),
  bulkAssign: '/api/conversations/bulk-assign',
  board: '/api/board',
  presence: '/api/presence',
  autoReplies: '/api/auto-replies',
  accountAutoReplies: pathOf('/api/accounts/:key/auto-replies'),
  qrCodes: pathOf('/api/accounts/:key/qr-codes'),
  menu: pathOf('/api/accounts/:key/menu'),
  accountTemplates: pathOf('/api/accounts/:key/templates'),
  auditLog: '/api/audit-log',
  reports: '/api/reports',
  /** `GET` lists sign-in throttles, `DELETE` clears those matching its query (admins). */
  signInThrottles: '/api/sign-in-throttles',
  openApi: '/api/openapi.json',
} as const
