import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { mediaFileSchema } from '../../../common/relay/entity-schemas.js'
import { mediaFileOf, type MediaRole } from '../../../common/domain/media.js'
import type { Message } from '../../../common/domain/message.js'
import { byteRangeOf } from '../../../common/http/byte-range.js'
import type { MediaCache } from './media-cache.js'

/** Where the renderer finds a message's media, on the page's own origin (browser shell and Electron alike). */
export const MEDIA_PATH_PREFIX = '/kefu-media/'

/** What answering a media request needs from the open session. */
export interface MediaSource {
  readonly message: (messageId: string) => Message | null
  readonly cache: MediaCache
  readonly download: (messageId: string, role: MediaRole) => Promise<{ readonly data: Uint8Array }>
}

const roles = mediaFileSchema.shape.role

/**
 * Answers `/kefu-media/<message id>/<role>` as a web `Response` (Electron's protocol handler takes one, and
 * the browser shell pipes it), with byte ranges for audio and video: from this desktop's cache, or fetched
 * from the relay once and kept. Offline, a file never shown is a 503 the player shows as unavailable.
 */
export async function mediaResponseOf(
  source: MediaSource | null,
  path: string,
  rangeHeader: string | null,
): Promise<Response> {
  const [encodedId, roleText] = path.slice(MEDIA_PATH_PREFIX.length).split('/')
  const role = roles.safeParse(roleText)
  if (source === null) return plain(401, 'Sign in to see media.')
  if (encodedId === undefined || !role.success) return plain(404, 'No such media.')
  const messageId = decodeURIComponent(encodedId)
  const file = mediaFileOf(source.message(messageId)?.media, role.data)
  if (file === undefined) return plain(404, 'This message holds no such file.')
  let cached
  try {
    cached = await source.cache.file(file, () => source.download(messageId, role.data))
  } catch (error) {
    return plain(503, error instanceof Error ? error.message : String(error))
  }
  const range = byteRangeOf(cached.size, rangeHeader)
  const headers: Record<string, string> = {
    'content-type': cached.contentType,
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=31536000, immutable',
  }
  if (range.status === 416)
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': range.contentRange } })
  const [start, end] = range.status === 206 ? [range.start, range.end] : [0, cached.size - 1]
  const body =
    cached.size === 0
      ? null
      : (Readable.toWeb(createReadStream(cached.path, { start, end })) as ReadableStream)
  return new Response(body, {
    status: range.status,
    headers: {
      ...headers,
      'content-length': String(end - start + 1),
      ...(range.status === 206 ? { 'content-range': range.contentRange } : {}),
    },
  })
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
