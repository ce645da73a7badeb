/**
 * `POST /api/media`'s contract: the raw picture as the body, its type as Content-Type, its name in a
 * header. Shared so the desktop sends what the relay takes and the composer refuses what the relay would.
 */

/** The picture types WeChat takes for customer-service images (reference §3.4), as Content-Type. */
export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const

/** The header carrying the picture's file name, percent-encoded UTF-8 (headers are Latin-1 only). */
export const FILE_NAME_HEADER = 'x-file-name'

/** Names the official account a picture is uploaded to: WeChat's media ids are each account's own. */
export const ACCOUNT_HEADER = 'x-kefu-account'

/**
 * The largest picture the relay uploads. The reference gives both 2 MB and 10 MB for images; 2 MB is
 * the limit every copy agrees on.
 */
export const IMAGE_LIMIT_BYTES = 2 * 1024 * 1024
