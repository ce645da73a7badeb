import type { CannedPicture, CannedResponse } from '../../common/domain/user.js'
import type { CommandSpec } from '../../common/relay/command-spec.js'
import { RELAY_ERROR_CODES, type RelayErrorCode } from '../../common/relay/errors.js'
import { FILE_NAME_HEADER } from '../../common/relay/media-upload.js'
import type { SessionResponse } from '../../common/relay/events.js'
import {
  relayCommands,
  type CommandName,
  type CommandRequest,
  type ParsedCommandAnswer,
} from '../../common/relay/relay-commands.js'
import { RELAY_ROUTES } from '../../common/relay/routes.js'
import type { CannedResponseRequest, CreateUserRequest } from '../../common/relay/schemas.js'
import type { SignInThrottleFilter } from '../../common/relay/sign-in-throttle-schemas.js'
import type {
  BulkAssignRequest,
  CreateTeamRequest,
  HandoverRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
} from '../../common/relay/shared-state-schemas.js'
import { userSchema } from './sync/relay-event-schema.js'

/** Why a relay request did not succeed: the relay's own code, or `offline` when it could not be reached. */
export class RelayRequestError extends Error {
  readonly code: RelayErrorCode | 'offline'
  readonly details: unknown

  constructor(code: RelayErrorCode | 'offline', message: string, details?: unknown) {
    super(message)
    this.name = 'RelayRequestError'
    this.code = code
    this.details = details
  }
}

/** A request body as sent: its Content-Type, bytes and any headers naming it. */
interface Payload {
  readonly contentType: string
  readonly data: string | Uint8Array<ArrayBuffer>
  readonly headers: Readonly<Record<string, string>>
}

/** How long a REST call may take before the relay counts as unreachable. */
const REQUEST_TIMEOUT_MS = 15_000
/** Signing out waits less: the local sign-out goes ahead either way. */
const SIGN_OUT_TIMEOUT_MS = 3_000

/** The relay's REST API as the desktop uses it (design.md "Relay operating contract"). */
export function createRelayClient(relayUrl: string) {
  const base = relayUrl.replace(/\/+$/, '')

  /** A JSON request: the body, when there is one, is sent as JSON. */
  function request<T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<T> {
    const payload =
      body === undefined ? null : { contentType: 'application/json', data: JSON.stringify(body), headers: {} }
    return exchange<T>(method, path, token, payload, timeoutMs)
  }

  async function exchange<T>(
    method: string,
    path: string,
    token: string | null,
    payload: Payload | null,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(payload === null ? {} : { 'content-type': payload.contentType, ...payload.headers }),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: payload?.data ?? null,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new RelayRequestError('offline', `The relay at ${base} cannot be reached (${reason}).`)
    }
    const text = await response.text()
    const parsed: unknown = text === '' ? null : safeJson(text)
    if (response.ok) return parsed as T
    const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error
    const code = RELAY_ERROR_CODES.find((known) => known === error?.code) ?? 'internal'
    const message =
      typeof error?.message === 'string' ? error.message : `The relay answered HTTP ${response.status}.`
    throw new RelayRequestError(code, message, error?.details)
  }

  /**
   * Runs a JSON command of the relay's table over its REST side: the path (and its parameters), the
   * method and where the rest of the request goes come from the table, as the relay mounts them, and the
   * answer is parsed with the command's answer schema, so what the relay sent is what the caller gets.
   */
  async function call<K extends JsonRestCommandName>(
    name: K,
    token: string,
    input: CommandRequest<K>,
  ): Promise<ParsedCommandAnswer<K>> {
    const spec: CommandSpec = relayCommands[name]
    if (spec.rest === undefined) throw new RelayRequestError('internal', `${name} has no REST side.`)
    const fields: Record<string, unknown> = { ...input }
    // A table path has at most one parameter, filled the way routes.ts fills it for the relay's own use.
    const [field] = Object.values(spec.rest.params ?? {})
    const path =
      typeof spec.rest.path === 'string' ? spec.rest.path : spec.rest.path(String(fields[field ?? '']))
    if (field !== undefined) delete fields[field]
    const isQuery = spec.rest.method === 'GET' || spec.rest.method === 'DELETE'
    const query = new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)]))
    const answer = await request(
      spec.rest.method,
      isQuery && query.size > 0 ? `${path}?${query.toString()}` : path,
      token,
      isQuery ? undefined : fields,
    )
    const parsed = spec.answer.safeParse(answer)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new RelayRequestError(
        'internal',
        `The relay answered ${name} with something unexpected (${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'malformed'}).`,
      )
    }
    return parsed.data as ParsedCommandAnswer<K>
  }

  return {
    /** The relay's address, without a trailing slash. */
    url: base,
    call,
    /** `POST /api/session`: a wrong password is `unauthorized`, a relay that is down `offline`. */
    async signIn(username: string, password: string): Promise<SessionResponse> {
      const answer = await request<SessionResponse>('POST', '/api/session', null, { username, password })
      const user = userSchema.safeParse(answer?.user)
      if (typeof answer?.token !== 'string' || !user.success) {
        throw new RelayRequestError('internal', 'The relay answered the sign-in with something unexpected.')
      }
      return { token: answer.token, user: user.data }
    },
    /** `DELETE /api/session`: ends this token at the relay (its sockets are told and disconnected). */
    async signOut(token: string, timeoutMs = SIGN_OUT_TIMEOUT_MS): Promise<null> {
      await request('DELETE', RELAY_ROUTES.session, token, undefined, timeoutMs)
      return null
    },
    /** `POST /api/canned-responses`. */
    createCannedResponse(token: string, body: CannedResponseRequest): Promise<CannedResponse> {
      return request('POST', RELAY_ROUTES.cannedResponses, token, body)
    },
    /** `GET /api/canned-responses/:id/image`: a picture canned response's picture, to show it. */
    cannedResponsePicture(token: string, id: string): Promise<CannedPicture> {
      return request('GET', RELAY_ROUTES.cannedResponseImage(id), token)
    },
    /** `POST /api/canned-responses/:id/media`: the picture of an image canned response, uploaded for a send. */
    uploadCannedResponseMedia(token: string, id: string): Promise<{ mediaId: string }> {
      return request('POST', RELAY_ROUTES.cannedResponseMedia(id), token)
    },
    /** `DELETE /api/canned-responses/:id`. */
    async deleteCannedResponse(token: string, id: string): Promise<null> {
      await request('DELETE', `/api/canned-responses/${encodeURIComponent(id)}`, token)
      return null
    },
    /**
     * `POST /api/media`: a temporary image for an image reply, as the relay takes it: the raw file,
     * its type as Content-Type and its name percent-encoded in a header. The relay checks the bytes.
     */
    uploadMedia(
      token: string,
      file: { fileName: string; mimeType: string; data: Uint8Array<ArrayBuffer> },
    ): Promise<{ mediaId: string }> {
      return exchange('POST', RELAY_ROUTES.media, token, {
        contentType: file.mimeType,
        data: file.data,
        headers: { [FILE_NAME_HEADER]: encodeURIComponent(file.fileName) },
      })
    },
    /** `POST /api/users` (admins); the answer is parsed by the caller. */
    createUser(token: string, body: CreateUserRequest): Promise<unknown> {
      return request('POST', RELAY_ROUTES.users, token, body)
    },
    /** `PATCH /api/users/:username` (admins): only the fields sent change. */
    updateUser(token: string, username: string, body: UpdateUserRequest): Promise<unknown> {
      return request('PATCH', RELAY_ROUTES.user(username), token, body)
    },
    /** `GET /api/users/:username/open-conversations` (self, or supervisors). */
    openConversationsOf(token: string, username: string): Promise<unknown> {
      return request('GET', RELAY_ROUTES.userOpenConversations(username), token)
    },
    /** `POST /api/users/:username/handover`: all or nothing. */
    handover(token: string, username: string, body: HandoverRequest): Promise<unknown> {
      return request('POST', RELAY_ROUTES.userHandover(username), token, body)
    },
    /** `POST /api/conversations/bulk-assign`: all or nothing (409 lists every stale conversation). */
    bulkAssign(token: string, body: BulkAssignRequest): Promise<unknown> {
      return request('POST', RELAY_ROUTES.bulkAssign, token, body)
    },
    /** `GET /api/users`: everyone, disabled ones too. */
    users(token: string): Promise<unknown> {
      return request('GET', RELAY_ROUTES.users, token)
    },
    /** `GET /api/teams`. */
    teams(token: string): Promise<unknown> {
      return request('GET', RELAY_ROUTES.teams, token)
    },
    /** `POST /api/teams` (admins). */
    createTeam(token: string, body: CreateTeamRequest): Promise<unknown> {
      return request('POST', RELAY_ROUTES.teams, token, body)
    },
    /** `PATCH /api/teams/:id` (admins). */
    updateTeam(token: string, id: string, body: UpdateTeamRequest): Promise<unknown> {
      return request('PATCH', RELAY_ROUTES.team(id), token, body)
    },
    /** `GET /api/audit-log` (admins): newest first; the answer is parsed by the caller. */
    auditLog(token: string, query: { limit: number; before?: number }): Promise<unknown> {
      const search = new URLSearchParams({ limit: String(query.limit) })
      if (query.before !== undefined) search.set('before', String(query.before))
      return request('GET', `${RELAY_ROUTES.auditLog}?${search.toString()}`, token)
    },
    /** `GET /api/sign-in-throttles` (admins); the answer is parsed by the caller. */
    signInThrottles(token: string): Promise<unknown> {
      return request('GET', RELAY_ROUTES.signInThrottles, token)
    },
    /** `DELETE /api/sign-in-throttles` (admins): those matching the filter, all without one. */
    clearSignInThrottles(token: string, filter: SignInThrottleFilter): Promise<unknown> {
      const search = new URLSearchParams()
      if (filter.username !== undefined) search.set('username', filter.username)
      if (filter.address !== undefined) search.set('address', filter.address)
      const query = search.size === 0 ? '' : `?${search.toString()}`
      return request('DELETE', `${RELAY_ROUTES.signInThrottles}${query}`, token)
    },
    /** `DELETE /api/conversations/:id` (admins): erases the follower; the answer is parsed by the caller. */
    eraseConversation(token: string, conversationId: string): Promise<unknown> {
      return request('DELETE', RELAY_ROUTES.conversation(conversationId), token)
    },
  }
}

/** The relay's REST client. */
export type RelayClient = ReturnType<typeof createRelayClient>

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The table's commands with a plain JSON REST side, which `call` runs. */
type JsonRestCommandName = {
  [K in CommandName]: (typeof relayCommands)[K] extends { readonly rest: infer R }
    ? R extends { readonly body: 'raw-image' | 'json-with-image' }
      ? never
      : K
    : never
}[CommandName]
