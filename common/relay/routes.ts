/**
 * The relay's REST paths, shared by the relay's routes and the desktop's client so neither spells them
 * on its own. Every `/api` route but `session` needs `Authorization: Bearer <token>`.
 */
export const RELAY_ROUTES = {
  /** `POST` signs in, `DELETE` signs the caller's token out. */
  session: '/api/session',
  conversations: '/api/conversations',
  conversation: (id: string) => `/api/conversations/${encodeURIComponent(id)}`,
  messages: (id: string) => `/api/conversations/${encodeURIComponent(id)}/messages`,
  templates: (id: string) => `/api/conversations/${encodeURIComponent(id)}/templates`,
  notes: (id: string) => `/api/conversations/${encodeURIComponent(id)}/notes`,
  assignee: (id: string) => `/api/conversations/${encodeURIComponent(id)}/assignee`,
  status: (id: string) => `/api/conversations/${encodeURIComponent(id)}/status`,
  tagsOf: (id: string) => `/api/conversations/${encodeURIComponent(id)}/tags`,
  follower: (id: string) => `/api/conversations/${encodeURIComponent(id)}/follower`,
  media: '/api/media',
  tags: '/api/tags',
  cannedResponses: '/api/canned-responses',
  cannedResponse: (id: string) => `/api/canned-responses/${encodeURIComponent(id)}`,
  cannedResponseMedia: (id: string) => `/api/canned-responses/${encodeURIComponent(id)}/media`,
  cannedResponseImage: (id: string) => `/api/canned-responses/${encodeURIComponent(id)}/image`,
  users: '/api/users',
  user: (username: string) => `/api/users/${encodeURIComponent(username)}`,
  userOpenConversations: (username: string) =>
    `/api/users/${encodeURIComponent(username)}/open-conversations`,
  userHandover: (username: string) => `/api/users/${encodeURIComponent(username)}/handover`,
  teams: '/api/teams',
  team: (id: string) => `/api/teams/${encodeURIComponent(id)}`,
  bulkAssign: '/api/conversations/bulk-assign',
  board: '/api/board',
  presence: '/api/presence',
  autoReplies: '/api/auto-replies',
  auditLog: '/api/audit-log',
  /** `GET` lists sign-in throttles, `DELETE` clears those matching its query (admins). */
  signInThrottles: '/api/sign-in-throttles',
  openApi: '/api/openapi.json',
} as const
