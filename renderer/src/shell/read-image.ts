import type { ImageFile } from '../store/slices/messages-slice.js'

/** A picked or pasted picture as the bridge carries it: base64 without the data: prefix. */
export function readImage(file: File): Promise<ImageFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve({
        fileName: file.name || 'pasted-image.png',
        mimeType: file.type || 'image/png',
        dataBase64: url.slice(url.indexOf(',') + 1),
      })
    }
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read'))
    reader.readAsDataURL(file)
  })
}
