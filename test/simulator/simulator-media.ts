import { randomBytes } from 'node:crypto'

/** One part of a multipart/form-data body. */
export interface FormPart {
  readonly name: string
  readonly fileName: string | null
  readonly contentType: string | null
  readonly data: Buffer
}

/** Splits a multipart/form-data body; throws on a malformed one. */
export function formPartsOf(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const marker = boundary?.[1] ?? boundary?.[2]
  if (marker === undefined) throw new Error('no multipart boundary')
  const delimiter = Buffer.from(`--${marker}`)
  const parts: FormPart[] = []
  let start = body.indexOf(delimiter)
  for (let guard = 0; start !== -1 && guard < 100; guard += 1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const chunk = body.subarray(start + delimiter.length + 2, next - 2)
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd === -1) throw new Error('part without headers')
    const headers = chunk.subarray(0, headerEnd).toString('utf8')
    const name = /name="([^"]*)"/i.exec(headers)?.[1]
    if (name === undefined) throw new Error('part without a name')
    parts.push({
      name,
      fileName: /filename="([^"]*)"/i.exec(headers)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? null,
      data: chunk.subarray(headerEnd + 4),
    })
    start = next
  }
  return parts
}

/** The media types `media/upload` takes and their limits (reference §3.4, "其他补充"). */
const mediaRules: Readonly<Record<string, { maxBytes: number; formats: readonly string[] }>> = {
  image: { maxBytes: 10 * 1024 * 1024, formats: ['jpeg', 'png', 'gif'] },
  voice: { maxBytes: 2 * 1024 * 1024, formats: ['amr', 'mp3'] },
  video: { maxBytes: 10 * 1024 * 1024, formats: ['mp4'] },
  thumb: { maxBytes: 64 * 1024, formats: ['jpeg'] },
}

/** The file format by its first bytes, as a media server sniffs it (never by name alone). */
export function formatOf(data: Buffer): string | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg'
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif'
  if (data.subarray(0, 5).toString('latin1') === '#!AMR') return 'amr'
  if (data.subarray(0, 3).toString('latin1') === 'ID3') return 'mp3'
  if (data.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4'
  return null
}

/** What a follower's media id stands for: its kind and its bytes (made when first asked for). */
export interface FollowerFile {
  readonly type: 'image' | 'voice' | 'video' | 'thumb'
  readonly contentType: string
  readonly data: () => Promise<Buffer>
}

/** Temporary media the simulator holds: ids live 3 days (reference §3.4). */
export function createSimulatorMedia(now: () => number) {
  const media = new Map<string, { type: string; createdAt: number; size: number }>()
  const followerFiles = new Map<string, FollowerFile & { createdAt: number }>()
  const isAlive = (createdAt: number) => now() - createdAt < 3 * 24 * 3_600_000
  return {
    /** Keeps a file a follower sent, under a new media id. */
    holdFollowerFile(file: FollowerFile): string {
      const mediaId = randomBytes(24).toString('base64url')
      followerFiles.set(mediaId, { ...file, createdAt: now() })
      return mediaId
    },
    /** A follower's file while its id lives (3 days of simulated time), else undefined (40007). */
    followerFile(mediaId: string): FollowerFile | undefined {
      const file = followerFiles.get(mediaId)
      return file !== undefined && isAlive(file.createdAt) ? file : undefined
    },
    /** Stores an upload, or answers the errcode WeChat would. */
    upload(type: string | undefined, part: FormPart | undefined) {
      const rule = type === undefined ? undefined : mediaRules[type]
      if (rule === undefined || type === undefined)
        return { errcode: 40004, errmsg: 'invalid media type' } as const
      if (part === undefined || part.fileName === null)
        return { errcode: 41005, errmsg: 'media data missing' } as const
      const format = formatOf(part.data)
      if (format === null || !rule.formats.includes(format)) {
        return { errcode: 40005, errmsg: 'invalid file type' } as const
      }
      if (part.data.length === 0 || part.data.length > rule.maxBytes) {
        return { errcode: 40006, errmsg: 'invalid media size' } as const
      }
      const mediaId = randomBytes(32).toString('base64url')
      const createdAt = now()
      media.set(mediaId, { type, createdAt, size: part.data.length })
      return { type, media_id: mediaId, created_at: Math.floor(createdAt / 1000) } as const
    },
    /** The type a live media id was uploaded as (image, voice, video, thumb), or undefined. */
    typeOf(mediaId: string): string | undefined {
      const item = media.get(mediaId)
      return item !== undefined && isAlive(item.createdAt) ? item.type : undefined
    },
    /** Whether a media id is known and younger than 3 days. */
    isUsable(mediaId: string): boolean {
      const item = media.get(mediaId)
      return item !== undefined && isAlive(item.createdAt)
    },
  }
}
