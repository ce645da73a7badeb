import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { byteRangeOf } from '../../common/http/byte-range.js'
import { mediaFileSchema } from '../../common/relay/entity-schemas.js'
import { RELAY_ROUTES } from '../../common/relay/routes.js'
import type { AuthService } from '../auth/auth-service.js'
import { mediaFileFor } from '../media/media-files.js'
import { RelayError } from '../relay-error.js'
import type { StoreAccess } from '../store/relay-store.js'
import { bearerUserOf } from './bearer-user.js'
import type { RouteRegistry } from './route-registry.js'

const paramsSchema = z.object({ id: z.string().min(1).max(256) })
const querySchema = z.object({ role: mediaFileSchema.shape.role.default('original') })

/**
 * `GET /api/messages/:id/media?role=…`: the bytes of a message's media, with byte ranges (audio and video
 * elements seek by them). A stream, not a JSON answer, so it is an operation beside the command table;
 * who may read it is the domain's rule (`mediaFileFor`), as for the message itself.
 */
export function registerMediaRoutes(
  app: FastifyInstance,
  dependencies: { readonly store: StoreAccess; readonly auth: AuthService; readonly registry: RouteRegistry },
): void {
  const url = RELAY_ROUTES.messageMedia.pattern
  app.get(url, async (request, reply) => {
    const user = await bearerUserOf(request, dependencies.auth)
    const params = paramsSchema.safeParse(request.params)
    const query = querySchema.safeParse(request.query)
    if (!params.success || !query.success)
      throw new RelayError('invalid', 'Name a message and a role (original, playable, thumbnail, poster).')
    const { file, blob } = await mediaFileFor(dependencies.store, user, params.data.id, query.data.role)
    const size = blob.data.length
    void reply
      .header('content-type', blob.contentType)
      .header('accept-ranges', 'bytes')
      // The file of a message's role never changes once stored: its hash names it.
      .header('etag', `"${file.hash}"`)
      .header('cache-control', 'private, max-age=31536000, immutable')
    const range = byteRangeOf(size, request.headers.range)
    if (range.status === 416) return reply.status(416).header('content-range', range.contentRange).send()
    if (range.status === 200) return reply.header('content-length', size).send(blob.data)
    return reply
      .status(206)
      .header('content-range', range.contentRange)
      .header('content-length', range.end - range.start + 1)
      .send(blob.data.subarray(range.start, range.end + 1))
  })
  dependencies.registry.add({
    method: 'GET',
    url,
    summary:
      'A message’s media file (a picture, its thumbnail, a voice note or its playable MP3, a video or its ' +
      'poster) for a user who may see the conversation; `Range: bytes=…` answers 206.',
    isPublic: false,
    params: paramsSchema,
    query: querySchema,
    success: {
      status: 200,
      description: 'The file’s bytes, typed by Content-Type.',
      mediaType: 'application/octet-stream',
    },
    errors: ['forbidden', 'not_found'],
  })
}
