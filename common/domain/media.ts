import type { mediaFileSchema, messageMediaSchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'
import type { MessageBody } from './message.js'

/** One stored file of a message's media (original, playable audio, thumbnail, poster). */
export type MediaFile = Wire<typeof mediaFileSchema>

/** What the relay holds of a message's media, and whether it is still fetching it. */
export type MessageMedia = Wire<typeof messageMediaSchema>

/** What a file is for. */
export type MediaRole = MediaFile['role']

/** WeChat keeps a temporary media id 3 days (reference §3.4): after that, `media/get` answers 40007. */
export const WECHAT_MEDIA_LIFETIME_MS = 3 * 24 * 3_600_000

/** One media id of a follower's message the relay fetches with `media/get`, and the role its bytes take. */
export interface MediaToFetch {
  readonly role: Extract<MediaRole, 'original' | 'poster'>
  readonly mediaId: string
  /** Video ids answer a download URL instead of the bytes (reference §3.4). */
  readonly isVideo: boolean
}

/** The media ids a follower's message carries: a picture, a voice note, a video and its thumbnail. */
export function mediaToFetchOf(body: MessageBody): readonly MediaToFetch[] {
  switch (body.type) {
    case 'image':
    case 'voice':
      return 'mediaId' in body && body.mediaId !== ''
        ? [{ role: 'original', mediaId: body.mediaId, isVideo: false }]
        : []
    case 'video':
    case 'shortvideo': {
      const wanted: MediaToFetch[] = []
      if (body.mediaId !== '') wanted.push({ role: 'original', mediaId: body.mediaId, isVideo: true })
      if (body.thumbMediaId !== '')
        wanted.push({ role: 'poster', mediaId: body.thumbMediaId, isVideo: false })
      return wanted
    }
    default:
      return []
  }
}

/** The file of `role`, if the relay holds it. */
export function mediaFileOf(media: MessageMedia | undefined, role: MediaRole): MediaFile | undefined {
  return media?.files.find((file) => file.role === role)
}

/**
 * The file a player or viewer shows: a voice note's playable audio (browsers do not play AMR), a picture's
 * thumbnail where a small one will do, otherwise the original.
 */
export function shownFileOf(
  media: MessageMedia | undefined,
  use: 'play' | 'preview' | 'whole',
): MediaFile | undefined {
  if (use === 'play') return mediaFileOf(media, 'playable') ?? mediaFileOf(media, 'original')
  if (use === 'preview') return mediaFileOf(media, 'thumbnail') ?? mediaFileOf(media, 'original')
  return mediaFileOf(media, 'original')
}
