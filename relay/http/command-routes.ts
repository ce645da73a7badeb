import type { FastifyError, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import type { CommandSpec, RestTwin } from '../../common/relay/command-spec.js'
import { MEDIA_CONTENT_TYPES } from '../../common/relay/media-upload.js'
import { relayCommands, type CommandName } from '../../common/relay/relay-commands.js'
import type { AuthService } from '../auth/auth-service.js'
import type { CommandCaller, CommandHandlers } from '../commands/command-handlers.js'
import { runCommand } from '../commands/run-command.js'
import { imageTooLargeMessage } from '../outbound/image-check.js'
import { RelayError } from '../relay-error.js'
import { bearerTokenOf, bearerUserOf } from './bearer-user.js'

/** Room in a JSON body carrying a picture for all but the picture's base64: text, file name and JSON. */
const JSON_WITH_IMAGE_ALLOWANCE_BYTES = 64 * 1024

/** What the REST registrar needs. */
export interface CommandRouteDependencies {
  readonly auth: AuthService
  readonly handlers: CommandHandlers
  /** The largest raw picture a `raw-image` body holds. */
  readonly mediaLimitBytes: number
  /** The largest picture a `json-with-image` body carries as base64. */
  readonly cannedImageLimitBytes: number
}

/**
 * The one place the REST side of `relayCommands` is mounted. A route's request is its command's: the path
 * parameters and the headers it names, over the JSON body (or the query of a `GET` or `DELETE`, or a raw
 * picture's bytes), parsed with the command's schema, for the user behind the bearer token as they are
 * now (nobody for a public route). The OpenAPI document is generated from the same table
 * (openapi-document.ts).
 */
export function registerCommandRoutes(app: FastifyInstance, dependencies: CommandRouteDependencies): void {
  const { auth, handlers } = dependencies
  let hasWarnedOfForwardedFor = false

  // The header was not believed (no RELAY_TRUST_PROXY, or not for this proxy): every sign-in through that
  // proxy comes from the proxy's own address and shares one throttle.
  const addressOf = (request: FastifyRequest): string => {
    const isForwardedForIgnored =
      request.headers['x-forwarded-for'] !== undefined && request.ip === request.socket.remoteAddress
    if (isForwardedForIgnored && !hasWarnedOfForwardedFor) {
      hasWarnedOfForwardedFor = true
      app.log.warn(
        "sign-ins carry X-Forwarded-For but no proxy is trusted: every user shares the proxy's address, " +
          'so one throttle counts all of their failures; set RELAY_TRUST_PROXY to the proxy in front of the relay',
      )
    }
    return request.ip
  }

  for (const name of Object.keys(relayCommands) as CommandName[]) {
    const spec: CommandSpec = relayCommands[name]
    const rest = spec.rest
    if (rest === undefined) continue
    const status = rest.status ?? 200
    const route: RouteOptions = {
      method: rest.method,
      url: typeof rest.path === 'string' ? rest.path : rest.path.pattern,
      ...bodyOptionsOf(rest, dependencies),
      handler: async (request, reply) => {
        const isPublic = rest.isPublic === true
        const user = isPublic ? null : await bearerUserOf(request, auth)
        let isRepeated = false
        const caller: CommandCaller = {
          socketId: null,
          token: isPublic ? null : bearerTokenOf(request),
          address: () => addressOf(request),
          join: () => undefined,
          repeated: () => (isRepeated = true),
        }
        const answer = await runCommand(handlers, name, user, requestOf(request, rest), caller)
        if (status === 204) return reply.status(204).send()
        return reply.status(isRepeated ? (rest.repeatedStatus ?? status) : status).send(answer)
      },
    }
    if (rest.body !== 'raw-image') {
      app.route(route)
      continue
    }
    // Picture bytes are parsed as such on this route only: everywhere else a body is JSON.
    void app.register(async (scope) => {
      scope.addContentTypeParser([...MEDIA_CONTENT_TYPES], { parseAs: 'buffer' }, (_request, body, done) =>
        done(null, body),
      )
      scope.route(route)
    })
  }
}

/** The command's request from a REST call: the path parameters and headers win over the body or query. */
function requestOf(request: FastifyRequest, rest: RestTwin): Record<string, unknown> {
  const isQuery = rest.method === 'GET' || rest.method === 'DELETE'
  const input: unknown = isQuery ? request.query : rest.body === 'raw-image' ? {} : request.body
  const gathered: Record<string, unknown> =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input } : {}
  if (rest.body === 'raw-image') {
    // A JSON body (the root parser took it) is not a picture, whatever it holds.
    if (!Buffer.isBuffer(request.body)) throw unsupportedPicture()
    gathered['data'] = request.body
  }
  const params = (request.params ?? {}) as Record<string, unknown>
  for (const [param, field] of Object.entries(rest.params ?? {})) gathered[field] = params[param]
  for (const [header, field] of Object.entries(rest.headers ?? {})) {
    const value = request.headers[header]
    if (value !== undefined) gathered[field] = value
  }
  return gathered
}

/** A picture-carrying body's size limit, and its refusals in the agent's words rather than fastify's. */
function bodyOptionsOf(
  rest: RestTwin,
  dependencies: CommandRouteDependencies,
): Pick<RouteOptions, 'bodyLimit' | 'errorHandler'> {
  if (rest.body === undefined || rest.body === 'json') return {}
  const limitBytes =
    rest.body === 'raw-image' ? dependencies.mediaLimitBytes : dependencies.cannedImageLimitBytes
  return {
    // The base64 of a picture takes 4 characters per 3 bytes.
    bodyLimit:
      rest.body === 'raw-image'
        ? limitBytes
        : Math.ceil(limitBytes / 3) * 4 + JSON_WITH_IMAGE_ALLOWANCE_BYTES,
    // Thrown on, the refusal reaches the relay's own error handler, which shapes and logs it.
    errorHandler(error: FastifyError) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new RelayError(
          'payload_too_large',
          rest.body === 'raw-image'
            ? `The file is larger than ${limitBytes / 1024 / 1024} MB, the most WeChat takes (a video’s limit).`
            : imageTooLargeMessage(limitBytes),
        )
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && rest.body === 'raw-image')
        throw unsupportedPicture()
      throw error
    },
  }
}

function unsupportedPicture(): RelayError {
  return new RelayError(
    'unsupported_media_type',
    `Send the file as the raw body with Content-Type ${MEDIA_CONTENT_TYPES.join(', ')}.`,
  )
}
