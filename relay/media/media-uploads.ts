import { DEFAULT_ACCOUNT_KEY } from '../../common/domain/account.js'
import { WECHAT_MEDIA_LIFETIME_MS, type MediaFile } from '../../common/domain/media.js'
import type { SendFailure } from '../../common/domain/message.js'
import type { User } from '../../common/domain/user.js'
import { UPLOAD_KINDS, uploadKindOf, type UploadKind } from '../../common/relay/media-upload.js'
import type { ReplyWindowOf } from '../../common/domain/reply-window.js'
import { can } from '../auth/permissions.js'
import { NO_SENDER_FAILURE } from '../conversations/conversation-service.js'
import { refuseOutsideReplyWindow } from '../conversations/outgoing-records.js'
import { sendFailureError } from '../conversations/send-failure-error.js'
import { fileNameOf } from '../outbound/image-check.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import type { MediaUpload } from '../store/media-repository.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf, visibleConversationOf } from '../teams/conversation-access.js'
import { contentTypeOf } from './content-type.js'
import { hashOf, keptFilesOf, type KeptFile } from './kept-files.js'
import type { MediaTranscoder } from './media-transcoder.js'

/** A media id is reused only while it has this long left: a send may wait in the queue. */
const REUSE_MARGIN_MS = 3_600_000
/** WeChat's limit for a `thumb` (reference §3.4): a video's thumbnail must fit. */
const THUMB_LIMIT_BYTES = 64 * 1024

/** What an agent uploads for a message. */
export interface MediaUploadRequest {
  readonly data: Uint8Array
  readonly fileName?: string
  readonly accountKey?: string
  /** The conversation it is for: a closed window or a spent quota refuses it before WeChat is asked. */
  readonly conversationId?: string
}

export interface MediaUploadDependencies {
  readonly store: RelayStore
  readonly sender: WeChatSender | null
  readonly transcoder: MediaTranscoder
  readonly replyWindowOf: ReplyWindowOf
  readonly now: () => number
}

/**
 * Files agents send: checked against WeChat's rules for their kind (type by the first bytes, size, a
 * voice note's 60 s), uploaded once per account while the media id lives (the same file again reuses it),
 * and kept by the relay with what the console needs to show them (a voice note's MP3, a video's poster),
 * so the message that sends one shows the media itself. A video's thumbnail is made and uploaded with it.
 */
export function createMediaUploads(dependencies: MediaUploadDependencies) {
  const { store, sender, transcoder, now } = dependencies

  async function refuseUnlessSendable(user: User, conversationId: string, accountKey: string): Promise<void> {
    const conversation = await visibleConversationOf(store, user, conversationId)
    if (conversation.accountKey !== accountKey)
      throw new RelayError('invalid', `The conversation is not one of the account ${accountKey}.`)
    if (!can(user, 'message:send', conversation, await conversationAccessOf(store, user, conversation)))
      throw new RelayError('forbidden', 'You may not answer this conversation.')
    refuseOutsideReplyWindow(conversation, now(), dependencies.replyWindowOf)
  }

  async function upload(
    user: User,
    request: MediaUploadRequest,
  ): Promise<{ mediaId: string; thumbMediaId?: string }> {
    const accountKey = request.accountKey ?? DEFAULT_ACCOUNT_KEY
    if (request.data.length === 0) throw new RelayError('invalid', 'The file is empty.')
    const contentType = contentTypeOf(request.data)
    const kind = uploadKindOf(contentType)
    if (kind === null) throw sendFailureError(unsupported())
    refuseOverLimit(kind, request.data.length)
    if (request.conversationId !== undefined)
      await refuseUnlessSendable(user, request.conversationId, accountKey)
    const hash = hashOf(request.data)
    const known = await store.media.uploadOf(accountKey, hash, now() + REUSE_MARGIN_MS)
    if (known !== null) return answerOf(known)
    if (sender === null) throw sendFailureError(NO_SENDER_FAILURE)
    const kept = await keptUploadOf(kind, contentType, request.data)
    const fileName = fileNameOf(decodedName(request.fileName), contentType)
    // WeChat's 3 days count from the upload.
    const uploadedAt = now()
    const uploaded = await sender.uploadMedia(accountKey, kind, {
      fileName,
      mimeType: contentType,
      data: request.data,
    })
    if (!uploaded.ok) throw sendFailureError(uploaded.failure)
    let thumbMediaId: string | null = null
    const poster = kept.find(({ file }) => file.role === 'poster')
    if (kind === 'video') {
      if (poster === undefined || poster.data.length > THUMB_LIMIT_BYTES)
        throw new RelayError('invalid', 'The video’s first frame could not be made into its thumbnail.')
      const thumb = await sender.uploadMedia(accountKey, 'thumb', {
        fileName: 'thumb.jpg',
        mimeType: 'image/jpeg',
        data: poster.data,
      })
      if (!thumb.ok) throw sendFailureError(thumb.failure)
      thumbMediaId = thumb.mediaId
    }
    const record: MediaUpload = {
      mediaId: uploaded.mediaId,
      thumbMediaId,
      expiresAt: uploadedAt + WECHAT_MEDIA_LIFETIME_MS,
      files: kept.map(({ file }) => file),
    }
    await store.transaction(async (tx) => {
      for (const { file, data } of kept) await tx.media.putBlob(file.hash, file.contentType, data, uploadedAt)
      await tx.media.recordUpload(accountKey, hash, record)
    })
    return answerOf(record)
  }

  /**
   * The file as uploaded and what shows it (kept-files.ts), refused when FFmpeg cannot read a voice note
   * or video or a voice note is over WeChat's 60 s; a video gets a poster of its first frame, uploaded
   * as its `thumb`.
   */
  async function keptUploadOf(kind: UploadKind, contentType: string, data: Uint8Array) {
    const kept = await keptFilesOf(transcoder, kind, 'original', contentType, data)
    if (kind === 'voice') {
      if (!kept.isReadable || kept.durationMs === null)
        throw new RelayError('invalid', 'The voice file could not be read: send an AMR or MP3 file.')
      if (kept.durationMs > UPLOAD_KINDS.voice.maxDurationMs)
        throw new RelayError(
          'invalid',
          `The voice note is ${Math.round(kept.durationMs / 1000)} s long; WeChat takes at most ${UPLOAD_KINDS.voice.maxDurationMs / 1000} s.`,
        )
    }
    if (kind !== 'video') return kept.files
    if (!kept.isReadable) throw new RelayError('invalid', 'The video could not be read: send an MP4 file.')
    const poster = await transcoder.pictureThumbnail(data, { widthPx: 160, quality: 8 })
    if (poster === null) return kept.files
    return [
      ...kept.files,
      {
        file: {
          role: 'poster',
          contentType: 'image/jpeg',
          hash: hashOf(poster.data),
          size: poster.data.length,
        },
        data: poster.data,
      },
    ] satisfies KeptFile[]
  }

  return {
    upload,
    /** The files an uploaded media id stands for, for the message sending it (none for an id not uploaded here). */
    filesOf: async (accountKey: string, mediaId: string): Promise<readonly MediaFile[]> =>
      (await store.media.uploadByMediaId(accountKey, mediaId))?.files ?? [],
  }
}

/** The relay's uploads for messages. */
export type MediaUploads = ReturnType<typeof createMediaUploads>

function answerOf(upload: MediaUpload): { mediaId: string; thumbMediaId?: string } {
  return {
    mediaId: upload.mediaId,
    ...(upload.thumbMediaId === null ? {} : { thumbMediaId: upload.thumbMediaId }),
  }
}

function refuseOverLimit(kind: UploadKind, size: number): void {
  if (size === 0) throw new RelayError('invalid', 'The file is empty.')
  const limit = UPLOAD_KINDS[kind].limitBytes
  if (size > limit) {
    const words = { image: 'picture', voice: 'voice note', video: 'video' }[kind]
    throw new RelayError(
      'payload_too_large',
      `The ${words} is larger than ${limit / 1024 / 1024} MB, WeChat’s limit.`,
    )
  }
}

function unsupported(): SendFailure {
  return {
    code: 'unsupported_media_type',
    message: 'WeChat takes JPEG, PNG or GIF pictures, AMR or MP3 voice notes and MP4 videos only.',
    isRetryable: false,
  }
}

// The desktop percent-encodes the name (a header carries no Chinese); a broken encoding names nothing.
function decodedName(name: string | undefined): string {
  if (name === undefined) return ''
  try {
    return decodeURIComponent(name)
  } catch {
    return ''
  }
}
