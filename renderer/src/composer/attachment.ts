import { UPLOAD_KINDS, uploadKindOf, type UploadKind } from '../../../common/relay/media-upload.js'
import type { ImageFile } from '../store/slices/messages-slice.js'

/** Files that name no type (some systems give AMR none): their type by extension. */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
}

/** A file ready to upload, or why it cannot be sent (an i18n key of `composer` and its values). */
export type PreparedAttachment =
  | { readonly ok: true; readonly kind: UploadKind; readonly file: ImageFile; readonly wasResized: boolean }
  | {
      readonly ok: false
      readonly reason: string
      readonly values: Readonly<Record<string, string | number>>
    }

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024)

/**
 * Checks a picked, pasted or dropped file against WeChat's rules for its kind before it crosses to the
 * relay (the relay checks again, by the file's bytes). A picture over the limit is made smaller (JPEG,
 * scaled down) rather than refused; an animated GIF cannot be, and is refused.
 */
export async function prepareAttachment(picked: File): Promise<PreparedAttachment> {
  const extension = picked.name.split('.').pop()?.toLowerCase() ?? ''
  const mimeType = picked.type !== '' ? picked.type : (TYPES_BY_EXTENSION[extension] ?? '')
  const kind = uploadKindOf(mimeType)
  if (kind === null) return { ok: false, reason: 'fileNotSendable', values: { name: picked.name } }
  const limit = UPLOAD_KINDS[kind].limitBytes
  let file: Blob = picked
  let type = mimeType
  let wasResized = false
  if (picked.size > limit) {
    if (kind !== 'image' || mimeType === 'image/gif')
      return { ok: false, reason: `${kind}TooLarge`, values: { megabytes: megabytes(limit) } }
    const smaller = await shrunkPicture(picked, limit)
    if (smaller === null)
      return { ok: false, reason: 'imageTooLarge', values: { megabytes: megabytes(limit) } }
    file = smaller
    type = 'image/jpeg'
    wasResized = true
  }
  const name = wasResized ? `${picked.name.replace(/\.[^.]*$/, '') || 'picture'}.jpg` : picked.name
  return {
    ok: true,
    kind,
    wasResized,
    file: { fileName: name || 'pasted-image.png', mimeType: type, dataBase64: await base64Of(file) },
  }
}

/** The picture as a JPEG scaled down until it fits `limit`, or null after a few tries. */
async function shrunkPicture(picture: Blob, limit: number): Promise<Blob | null> {
  const bitmap = await createImageBitmap(picture)
  let scale = Math.min(1, Math.sqrt(limit / picture.size))
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * scale))
    canvas.height = Math.max(1, Math.round(bitmap.height * scale))
    const context = canvas.getContext('2d')
    if (context === null) return null
    // JPEG has no transparency: a transparent picture gets a white ground, not a black one.
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
    if (blob !== null && blob.size <= limit) return blob
    scale *= 0.75
  }
  return null
}

function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'))
    reader.readAsDataURL(file)
  })
}
