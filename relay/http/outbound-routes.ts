import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { User } from '../../common/domain/user.js'
import { HTTP_STATUS_OF } from '../../common/relay/errors.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import { NO_SENDER_FAILURE } from '../conversations/conversation-service.js'
import { sendFailureError } from '../conversations/send-failure-error.js'
import { FILE_NAME_HEADER, IMAGE_LIMIT_BYTES, MEDIA_CONTENT_TYPES } from '../../common/relay/media-upload.js'
import { checkImage, fileNameOf, imageTooLargeMessage } from '../outbound/image-check.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import { bearerUserOf } from './bearer-user.js'
import { parseRequest } from '../commands/parse-request.js'
import type { RouteRegistry, RouteSpec } from './route-registry.js'

const mediaHeadersSchema = z.object({
  [FILE_NAME_HEADER]: z.string().max(512).optional(),
})

/** Collaborators of the outbound routes. */
export interface OutboundRouteDependencies {
  readonly auth: AuthService
  /** Null when WeChat is not configured: uploads answer `not_configured`. */
  readonly sender: WeChatSender | null
  readonly registry: RouteRegistry
  readonly imageLimitBytes?: number
}

type Handler = (request: FastifyRequest, reply: FastifyReply, user: User) => unknown

/**
 * Registers the picture upload, whose media id a later `image` message carries: a raw body, so it is no
 * command of the table (templates and typing are, see command-routes.ts).
 */
export function registerOutboundRoutes(app: FastifyInstance, dependencies: OutboundRouteDependencies): void {
  const { auth, registry } = dependencies
  const imageLimitBytes = dependencies.imageLimitBytes ?? IMAGE_LIMIT_BYTES

  function route(
    scope: FastifyInstance,
    spec: Omit<RouteSpec, 'isPublic'>,
    handler: Handler,
    options: { readonly bodyLimit?: number } = {},
  ): void {
    registry.add({ ...spec, isPublic: false })
    scope.route({
      method: spec.method,
      url: spec.url,
      ...options,
      handler: async (request, reply) => handler(request, reply, bearerUserOf(request, auth)),
    })
  }

  void app.register(async (scope) => {
    scope.addContentTypeParser([...MEDIA_CONTENT_TYPES], { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    )
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const relayError = mediaErrorOf(error, imageLimitBytes)
      // Anything else goes to the relay's own handler, which logs internal errors.
      if (relayError === null) throw error
      return reply.status(HTTP_STATUS_OF[relayError.code]).send(relayError.toBody())
    })
    route(
      scope,
      {
        method: 'POST',
        url: '/api/media',
        summary:
          `Upload a picture for an image message. The body is the raw file with Content-Type ${MEDIA_CONTENT_TYPES.join(', ')} ` +
          `(checked against its first bytes), at most ${imageLimitBytes / 1024 / 1024} MB; the optional ` +
          `${FILE_NAME_HEADER} header names it (percent-encoded). Answers {mediaId}; send it as ` +
          "{type: 'image', mediaId} within 3 days.",
        headers: mediaHeadersSchema,
        bodyMediaTypes: MEDIA_CONTENT_TYPES,
        success: { status: 201, description: '{mediaId}' },
        errors: [
          'forbidden',
          'payload_too_large',
          'unsupported_media_type',
          'wechat_error',
          'not_configured',
        ],
      },
      async (request, reply, user) => {
        if (!can(user, 'message:send')) throw new RelayError('forbidden', 'You may not send messages.')
        const headers = parseRequest(mediaHeadersSchema, request.headers, 'headers')
        const data = request.body
        if (!Buffer.isBuffer(data)) throw unsupportedType()
        const check = checkImage(data, imageLimitBytes)
        if (!check.ok) throw sendFailureError(check.failure)
        if (dependencies.sender === null) throw sendFailureError(NO_SENDER_FAILURE)
        const upload = await dependencies.sender.uploadImage({
          fileName: headerFileNameOf(headers[FILE_NAME_HEADER], check.mimeType),
          mimeType: check.mimeType,
          data,
        })
        if (!upload.ok) throw sendFailureError(upload.failure)
        return reply.status(201).send({ mediaId: upload.mediaId })
      },
      { bodyLimit: imageLimitBytes },
    )
  })
}

function unsupportedType(): RelayError {
  return new RelayError(
    'unsupported_media_type',
    `Send the picture as the raw body with Content-Type ${MEDIA_CONTENT_TYPES.join(', ')}.`,
  )
}

/** Our refusals as they are, body-parsing refusals in the agent's words; null for anything else. */
function mediaErrorOf(error: FastifyError, limitBytes: number): RelayError | null {
  if (error instanceof RelayError) return error
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new RelayError('payload_too_large', imageTooLargeMessage(limitBytes))
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedType()
  return null
}

/** The picture's name from the percent-encoded header, cleaned by the one file-name rule. */
function headerFileNameOf(header: string | undefined, mimeType: string): string {
  let name = ''
  try {
    name = header === undefined ? '' : decodeURIComponent(header)
  } catch {
    name = ''
  }
  return fileNameOf(name, mimeType)
}
