import type { SendFailure } from '../../common/domain/message.js'
import { IMAGE_LIMIT_BYTES } from '../../common/relay/media-upload.js'

/** Image formats WeChat takes for customer-service images (reference §3.4), by their first bytes. */
const signatures: readonly { format: string; mimeType: string; bytes: readonly number[] }[] = [
  { format: 'jpeg', mimeType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'png', mimeType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', mimeType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
]

/** The image as WeChat will see it: its sniffed MIME type, or why it cannot be sent. */
export type ImageCheck =
  { readonly ok: true; readonly mimeType: string } | { readonly ok: false; readonly failure: SendFailure }

/** Checks an image before upload: not empty, within the limit, and really a JPEG, PNG or GIF. */
export function checkImage(data: Uint8Array, limitBytes: number = IMAGE_LIMIT_BYTES): ImageCheck {
  if (data.length === 0) {
    return { ok: false, failure: { code: 'invalid', message: 'The image is empty.', isRetryable: false } }
  }
  if (data.length > limitBytes) {
    return {
      ok: false,
      failure: { code: 'payload_too_large', message: imageTooLargeMessage(limitBytes), isRetryable: false },
    }
  }
  const match = signatures.find((signature) => signature.bytes.every((byte, index) => data[index] === byte))
  if (match === undefined) {
    return {
      ok: false,
      failure: {
        code: 'unsupported_media_type',
        message: 'WeChat takes JPEG, PNG or GIF pictures only. Convert the image and send it again.',
        isRetryable: false,
      },
    }
  }
  return { ok: true, mimeType: match.mimeType }
}

/** What the agent reads about a picture over `limitBytes`, however the relay found out. */
export function imageTooLargeMessage(limitBytes: number): string {
  const megabytes = (limitBytes / 1024 / 1024).toFixed(0)
  return `The image is larger than ${megabytes} MB, WeChat’s limit. Send a smaller picture.`
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
}

/** The file name a file is uploaded under: the one given, cleaned, or `<kind>.<ext>` of its type. */
export function fileNameOf(name: string, mimeType: string): string {
  // Only the last path segment, and no quote or control character that could break the multipart header.
  const cleaned = (name.split(/[\\/]/).pop() ?? '').replace(/["\p{Cc}]/gu, '').slice(0, 128)
  const kind = mimeType.startsWith('image/') ? 'image' : (mimeType.split('/')[0] ?? 'file')
  return cleaned === '' ? `${kind}.${EXTENSIONS[mimeType] ?? 'bin'}` : cleaned
}
