/**
 * `POST /api/media`'s contract: the raw file as the body, its type as Content-Type, its name in a
 * header. Shared so the desktop sends what the relay takes and the composer refuses what the relay would.
 */

/** The picture types WeChat takes for customer-service images (reference §3.4), as Content-Type. */
export const PICTURE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const

/** What an agent may upload for a message, and WeChat's limits for each (reference §3.4). */
export const UPLOAD_KINDS = {
  image: { contentTypes: PICTURE_CONTENT_TYPES, limitBytes: 2 * 1024 * 1024 },
  voice: { contentTypes: ['audio/amr', 'audio/mpeg'], limitBytes: 2 * 1024 * 1024, maxDurationMs: 60_000 },
  video: { contentTypes: ['video/mp4'], limitBytes: 10 * 1024 * 1024 },
} as const

/** A kind of upload: the message type it is sent as. */
export type UploadKind = keyof typeof UPLOAD_KINDS

/** Every Content-Type `POST /api/media` takes. */
export const MEDIA_CONTENT_TYPES = Object.values(UPLOAD_KINDS).flatMap((kind) => kind.contentTypes)

/** The largest upload of any kind (a video's 10 MB): the route's body limit. */
export const LARGEST_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_KINDS).map((kind) => kind.limitBytes))

/** The kind a Content-Type is uploaded as, or null when WeChat takes no such file. */
export function uploadKindOf(contentType: string): UploadKind | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  const found = Object.entries(UPLOAD_KINDS).find(([, kind]) =>
    (kind.contentTypes as readonly string[]).includes(type),
  )
  return found === undefined ? null : (found[0] as UploadKind)
}

/** The header carrying the picture's file name, percent-encoded UTF-8 (headers are Latin-1 only). */
export const FILE_NAME_HEADER = 'x-file-name'

/**
 * Names the conversation the file is for: the relay then refuses it, before any WeChat call, when the
 * reply window is closed or its quota spent.
 */
export const CONVERSATION_HEADER = 'x-kefu-conversation'

/** Names the official account a picture is uploaded to: WeChat's media ids are each account's own. */
export const ACCOUNT_HEADER = 'x-kefu-account'

/**
 * The largest picture the relay uploads. The reference gives both 2 MB and 10 MB for images; 2 MB is
 * the limit every copy agrees on.
 */
export const IMAGE_LIMIT_BYTES = 2 * 1024 * 1024
