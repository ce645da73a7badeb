import type { CommandSpec, RestTwin } from '../../common/relay/command-spec.js'
import type { MediaRole } from '../../common/domain/media.js'
import type { RelayErrorCode } from '../../common/relay/errors.js'
import { RELAY_ROUTES } from '../../common/relay/routes.js'
import {
  relayCommands,
  type CommandName,
  type CommandRequest,
  type ParsedCommandAnswer,
} from '../../common/relay/relay-commands.js'
import type { CannedResponseRequest, CreateUserRequest } from '../../common/relay/schemas.js'
import type {
  BulkAssignRequest,
  CreateTeamRequest,
  HandoverRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
} from '../../common/relay/shared-state-schemas.js'
import { parseAnswer, relayRefusalOf, unreadableAnswerMessage } from './sync/relay-answers.js'

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

/** The commands with a REST side. */
export type RestCommandName = {
  [K in CommandName]: (typeof relayCommands)[K] extends { readonly rest: RestTwin } ? K : never
}[CommandName]

/** A request body as sent: its Content-Type, bytes and any headers naming it. */
interface Payload {
  readonly contentType: string
  readonly data: string | Uint8Array<ArrayBuffer>
  readonly headers: Readonly<Record<string, string>>
}

/** How long a REST call may take before the relay counts as unreachable. */
const REQUEST_TIMEOUT_MS = 15_000
/** A video of WeChat's 10 MB over a slow line. */
const MEDIA_TIMEOUT_MS = 120_000
/** Signing out waits less: the local sign-out goes ahead either way. */
const SIGN_OUT_TIMEOUT_MS = 3_000

/** How one call goes beyond its request: its time limit, and a raw body's Content-Type. */
interface CallOptions {
  readonly timeoutMs?: number
  readonly contentType?: string
}

/**
 * The relay's REST API as the desktop uses it: each call is a command of the table
 * (common/relay/relay-commands.ts), sent by the command's REST side (method, path, the fields its path
 * and headers carry) as the relay mounts it, and its answer parsed with the command's answer schema.
 */
export function createRelayClient(relayUrl: string) {
  const base = relayUrl.replace(/\/+$/, '')

  async function call<C extends RestCommandName>(
    name: C,
    token: string | null,
    request: CommandRequest<C>,
    options: CallOptions = {},
  ): Promise<ParsedCommandAnswer<C>> {
    const spec: CommandSpec = relayCommands[name]
    const rest = spec.rest
    if (rest === undefined) throw new RelayRequestError('internal', `${name} has no REST side.`)
    const fields = fieldsOf(request)
    const take = (field: string): unknown => {
      const value = fields[field]
      delete fields[field]
      return value
    }
    const [param] = Object.values(rest.params ?? {})
    const path = typeof rest.path === 'string' ? rest.path : rest.path(String(take(param ?? '')))
    const headers: Record<string, string> = {}
    for (const [header, field] of Object.entries(rest.headers ?? {})) {
      const value = take(field)
      if (value !== undefined) headers[header] = encodeURIComponent(String(value))
    }
    let url = path
    let payload: Payload | null = null
    if (rest.body === 'raw-image') {
      const data = take('data')
      if (!(data instanceof Uint8Array))
        throw new RelayRequestError('invalid', 'There is no picture to send.')
      payload = {
        contentType: options.contentType ?? 'application/octet-stream',
        data: copyOf(data),
        headers,
      }
    } else if (rest.method === 'GET' || rest.method === 'DELETE') {
      const search = new URLSearchParams()
      for (const [field, value] of Object.entries(fields))
        if (value !== undefined) search.set(field, String(value))
      if (search.size > 0) url = `${path}?${search.toString()}`
      if (Object.keys(headers).length > 0) payload = { contentType: 'application/json', data: '', headers }
    } else if (Object.keys(fields).length > 0) {
      payload = { contentType: 'application/json', data: JSON.stringify(fields), headers }
    }
    const answer = await exchange(rest.method, url, token, payload, options.timeoutMs)
    const parsed = parseAnswer(name, answer)
    if (!parsed.ok) throw new RelayRequestError('internal', unreadableAnswerMessage(name, parsed.problem))
    return parsed.value
  }

  async function exchange(
    method: string,
    path: string,
    token: string | null,
    payload: Payload | null,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(payload === null ? {} : { 'content-type': payload.contentType, ...payload.headers }),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: payload === null || payload.data === '' ? null : payload.data,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new RelayRequestError('offline', `The relay at ${base} cannot be reached (${reason}).`)
    }
    const text = await response.text()
    const parsed: unknown = text === '' ? null : safeJson(text)
    if (response.ok) return parsed
    const refusal = relayRefusalOf(parsed)
    throw new RelayRequestError(
      refusal?.code ?? 'internal',
      refusal?.message ?? `The relay answered HTTP ${response.status}.`,
      refusal?.details,
    )
  }

  /** `GET /api/messages/:id/media?role=…`: a message's media file, whole (the desktop keeps it). */
  async function downloadMedia(
    token: string,
    messageId: string,
    role: MediaRole,
  ): Promise<{ readonly data: Uint8Array; readonly contentType: string }> {
    let response: Response
    try {
      response = await fetch(`${base}${RELAY_ROUTES.messageMedia(messageId)}?role=${role}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new RelayRequestError('offline', `The relay at ${base} cannot be reached (${reason}).`)
    }
    if (!response.ok) {
      const refusal = relayRefusalOf(safeJson(await response.text()))
      throw new RelayRequestError(
        refusal?.code ?? 'internal',
        refusal?.message ?? `The relay answered HTTP ${response.status}.`,
      )
    }
    return {
      data: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    }
  }

  return {
    /** The relay's address, without a trailing slash. */
    url: base,
    downloadMedia,
    /** Any command with a REST side, by its name in the table. */
    call,
    /** `POST /api/session`: a wrong password is `unauthorized`, a relay that is down `offline`. */
    signIn: (username: string, password: string) => call('session:create', null, { username, password }),
    /** `DELETE /api/session`: ends this token at the relay (its sockets are told and disconnected). */
    signOut: (token: string, timeoutMs = SIGN_OUT_TIMEOUT_MS) =>
      call('session:end', token, {}, { timeoutMs }),
    /** `POST /api/canned-responses`. */
    createCannedResponse: (token: string, body: CannedResponseRequest) =>
      call('canned-response:create', token, body),
    /** `GET /api/canned-responses/:id/image`: a picture canned response's picture, to show it. */
    cannedResponsePicture: (token: string, id: string) =>
      call('canned-response:get-picture', token, { cannedResponseId: id }),
    /** `POST /api/canned-responses/:id/media`: the picture of an image canned response, uploaded for a send. */
    uploadCannedResponseMedia: (token: string, id: string, accountKey: string) =>
      call('canned-response:upload-media', token, { cannedResponseId: id, accountKey }),
    /** `DELETE /api/canned-responses/:id`. */
    async deleteCannedResponse(token: string, id: string): Promise<null> {
      await call('canned-response:delete', token, { cannedResponseId: id })
      return null
    },
    /**
     * `POST /api/media`: a temporary image for an image reply, as the relay takes it: the raw file,
     * its type as Content-Type and its name percent-encoded in a header. The relay checks the bytes.
     */
    uploadMedia: (
      token: string,
      file: { fileName: string; mimeType: string; data: Uint8Array<ArrayBuffer> },
      accountKey: string,
      conversationId?: string,
    ) =>
      call(
        'media:upload',
        token,
        {
          data: file.data,
          fileName: file.fileName,
          accountKey,
          ...(conversationId === undefined ? {} : { conversationId }),
        },
        { contentType: file.mimeType },
      ),
    /** `POST /api/users` (admins). */
    createUser: (token: string, body: CreateUserRequest) => call('user:create', token, body),
    /** `PATCH /api/users/:username` (admins): only the fields sent change. */
    updateUser: (token: string, username: string, body: UpdateUserRequest) =>
      call('user:update', token, { ...body, username }),
    /** `GET /api/users/:username/open-conversations` (self, or supervisors). */
    openConversationsOf: (token: string, username: string) =>
      call('user:list-open-conversations', token, { username }),
    /** `POST /api/users/:username/handover`: all or nothing. */
    handover: (token: string, username: string, body: HandoverRequest) =>
      call('user:hand-over', token, { ...body, username }),
    /** `POST /api/conversations/bulk-assign`: all or nothing (409 lists every stale conversation). */
    bulkAssign: (token: string, body: BulkAssignRequest) => call('conversations:bulk-assign', token, body),
    /** `GET /api/users`: everyone, disabled ones too. */
    users: (token: string) => call('users:list', token, {}),
    /** `GET /api/teams`. */
    teams: (token: string) => call('teams:list', token, {}),
    /** `POST /api/teams` (admins). */
    createTeam: (token: string, body: CreateTeamRequest) => call('team:create', token, body),
    /** `PATCH /api/teams/:id` (admins). */
    updateTeam: (token: string, id: string, body: UpdateTeamRequest) =>
      call('team:update', token, { ...body, teamId: id }),
  }
}

/** The relay's REST client. */
export type RelayClient = ReturnType<typeof createRelayClient>

/** A request's fields, to spread over the path, headers and body. */
function fieldsOf(request: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request))
}

/** The bytes over an `ArrayBuffer`, as fetch takes them (copied only from a shared buffer). */
function copyOf(data: Uint8Array): Uint8Array<ArrayBuffer> {
  if (data.buffer instanceof ArrayBuffer) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const copy = new Uint8Array(data.byteLength)
  copy.set(data)
  return copy
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
