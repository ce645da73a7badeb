import { createHash } from 'node:crypto'
import type { MediaFile } from '../../common/domain/media.js'
import type { MediaTranscoder } from './media-transcoder.js'

/** A file the relay keeps: what desktops see of it, and its bytes. */
export interface KeptFile {
  readonly file: MediaFile
  readonly data: Uint8Array
}

/** The SHA-256 a file is kept under, hex. */
export function hashOf(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * A picture, voice note or video as the relay keeps it, whether a follower sent it or an agent uploads
 * it: the file itself with what FFmpeg measured (size, length), and what shows it in a browser — a
 * picture's thumbnail, a voice note's MP3 (an MP3 plays as it is). `isReadable` false: FFmpeg could not
 * read it, and only the file itself is kept. `role` `poster` keeps a video's thumbnail as a picture.
 */
export async function keptFilesOf(
  transcoder: MediaTranscoder,
  kind: 'image' | 'voice' | 'video',
  role: 'original' | 'poster',
  contentType: string,
  data: Uint8Array,
): Promise<{ readonly files: KeptFile[]; readonly isReadable: boolean; readonly durationMs: number | null }> {
  const files: KeptFile[] = []
  const add = (file: Omit<MediaFile, 'hash' | 'size'>, bytes: Uint8Array) =>
    files.push({ file: { ...file, hash: hashOf(bytes), size: bytes.length }, data: bytes })
  if (kind === 'image' || role === 'poster') {
    const thumbnail = await transcoder.pictureThumbnail(data)
    add(
      {
        role,
        contentType,
        ...(thumbnail === null ? {} : { width: thumbnail.width, height: thumbnail.height }),
      },
      data,
    )
    if (thumbnail !== null && role === 'original')
      add({ role: 'thumbnail', contentType: 'image/jpeg' }, thumbnail.data)
    return { files, isReadable: thumbnail !== null, durationMs: null }
  }
  if (kind === 'voice') {
    const playable = await transcoder.playableAudio(data)
    add({ role, contentType, ...(playable === null ? {} : { durationMs: playable.durationMs }) }, data)
    if (playable !== null && contentType !== 'audio/mpeg')
      add({ role: 'playable', contentType: 'audio/mpeg', durationMs: playable.durationMs }, playable.data)
    return { files, isReadable: playable !== null, durationMs: playable?.durationMs ?? null }
  }
  const facts = await transcoder.videoFacts(data)
  add(
    {
      role,
      contentType,
      ...(facts?.durationMs == null ? {} : { durationMs: facts.durationMs }),
      ...(facts?.width == null || facts.height == null ? {} : { width: facts.width, height: facts.height }),
    },
    data,
  )
  return { files, isReadable: facts !== null, durationMs: facts?.durationMs ?? null }
}
